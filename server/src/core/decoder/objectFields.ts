import type { RawFields } from './types';

/** Keys that name each field, compared case-insensitively. */
const KEYS = {
  code: ['code', 'errorcode', 'error_code'],
  message: ['message', 'errormessage', 'error_message', 'msg'],
  requestId: ['requestid', 'request_id', 'x-acs-request-id'],
  hostId: ['hostid'],
  recommend: ['recommend', 'recommenddoc'],
  httpStatus: ['httpstatus', 'statuscode', 'httpcode', 'status'],
  api: ['action', 'api', 'apiname'],
};

type Field = keyof typeof KEYS;

function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Fields of a parsed XML or JSON error body. Looks at the top level first, then one level down
 * (`{"Response":{"Error":{...}}}`, `{"data":{...}}`), so wrapped bodies decode too.
 */
export function fieldsFromObject(root: Record<string, unknown>): Omit<RawFields, 'shape'> {
  const found: Partial<Record<Field, string>> = {};
  const fields: Record<string, string> = {};
  // Breadth first, so a top-level Code wins over one nested in a Data object.
  const queue: Array<{ object: Record<string, unknown>; depth: number; prefix: string }> = [
    { object: root, depth: 0, prefix: '' },
  ];
  for (let item = queue.shift(); item; item = queue.shift()) {
    for (const [key, value] of Object.entries(item.object)) {
      const text = scalar(value);
      if (text !== null) {
        if (Object.keys(fields).length < 200) fields[item.prefix + key] = text;
        const lower = key.toLowerCase();
        for (const field of Object.keys(KEYS) as Field[]) {
          if (found[field] === undefined && KEYS[field].includes(lower) && text !== '') found[field] = text;
        }
      } else if (value && typeof value === 'object' && !Array.isArray(value) && item.depth < 3) {
        queue.push({
          object: value as Record<string, unknown>,
          depth: item.depth + 1,
          prefix: `${item.prefix}${key}.`,
        });
      }
    }
  }
  const status = found.httpStatus && /^[1-5]\d\d$/.test(found.httpStatus) ? Number(found.httpStatus) : null;
  return {
    code: found.code ?? null,
    message: found.message ?? null,
    requestId: found.requestId ?? null,
    hostId: found.hostId ?? null,
    recommend: found.recommend ?? null,
    httpStatus: status,
    api: found.api ?? null,
    fields,
  };
}
