import type { SummaryViewParams, SummaryViewResult } from '#shared/protocol';
import { summaryHtml } from '../core/format/summaryView';
import { SummaryBuilder, type SummaryPart } from '../core/report/summary';
import type { ServerContext } from './context';
import { check, paramsObject } from './params';

// As many RequestIds as an inspection keeps: the summary of the view is as bounded as the inspection.
const MAX_REQUEST_IDS = 20_000;

const EMPTY_PART: SummaryPart = {
  hours: [],
  beforeFirstHour: 0,
  withoutTimestamp: 0,
  requestIds: [],
  uncountedRequestIds: 0,
  statuses: [],
};

/** `kms/summaryView`: the sum of the view's files' parts, with its charts as HTML. */
export async function summaryView(p: SummaryViewParams, context: ServerContext): Promise<SummaryViewResult> {
  const catalog = context.catalog();
  const builder = new SummaryBuilder({ catalog, maxRequestIds: MAX_REQUEST_IDS });
  for (const file of p.files)
    if (file.findings > 0) builder.addPart(file.path, file.byCode, file.summary ?? EMPTY_PART);
  const summary = builder.result();
  const html = summaryHtml(summary, catalog, await context.locale(), {
    asOf: p.asOf,
    ...(p.filter ? { filter: p.filter } : {}),
  });
  return { summary, html };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every element of `value` is a tuple whose items pass `checks`, in order. */
function tuples(value: unknown, checks: ReadonlyArray<(v: unknown) => boolean>): boolean {
  return (
    Array.isArray(value) &&
    value.every((t) => Array.isArray(t) && t.length === checks.length && checks.every((ok, i) => ok(t[i])))
  );
}

const isString = (v: unknown) => typeof v === 'string';

function partProblem(part: unknown, name: string): string | undefined {
  if (part === undefined) return undefined;
  if (!isObject(part)) return `${name} is not a summary part`;
  if (!tuples(part['hours'], [isCount, isCount])) return `${name}.hours is not a list of [hour, count]`;
  for (const key of ['beforeFirstHour', 'withoutTimestamp', 'uncountedRequestIds'])
    if (!isCount(part[key])) return `${name}.${key} is not a count`;
  if (!tuples(part['requestIds'], [isString, isString, isCount]))
    return `${name}.requestIds is not a list of [RequestId, code, count]`;
  if (!tuples(part['statuses'], [isString, isCount])) return `${name}.statuses is not a list of [code, status]`;
  return undefined;
}

function fileProblem(file: unknown, i: number): string | undefined {
  const name = `files[${i}]`;
  if (!isObject(file)) return `${name} is not a file`;
  if (typeof file['path'] !== 'string') return `${name}.path is not a string`;
  if (!isCount(file['findings'])) return `${name}.findings is not a count`;
  const byCode = file['byCode'];
  if (!isObject(byCode) || !Object.values(byCode).every(isCount)) return `${name}.byCode is not counts per code`;
  return partProblem(file['summary'], `${name}.summary`);
}

/** The params of kms/summaryView, checked: a client may send anything. */
export function checkSummaryParams(params: unknown): SummaryViewParams {
  const p = paramsObject(params);
  const files = p['files'];
  check(Array.isArray(files) ? undefined : 'files is not a list');
  (files as unknown[]).forEach((file, i) => check(fileProblem(file, i)));
  check(Number.isFinite(p['asOf']) ? undefined : 'asOf is not a time');
  const filter = p['filter'];
  check(
    filter === undefined || (isObject(filter) && typeof filter['text'] === 'string' && isCount(filter['findings']))
      ? undefined
      : 'filter is not { text, findings }',
  );
  return p as unknown as SummaryViewParams;
}
