import type { Random } from './random';
import type { Seeds } from './seeds';

/** How large one mutated input may get; the huge-line mutation alone reaches the upper sizes. */
export interface MutationLimits {
  /** Chance that an input is made into one line of 1 to `hugeMax` characters. */
  hugeChance: number;
  hugeMax: number;
}

const KEYS = [
  'Message:',
  '<Message>',
  '</Message>',
  '"Message": "',
  '\\"Message\\":\\"',
  "'Message': u'",
  'code: 404, ',
  'request id: ',
  'RequestId: ',
  '<RequestId>',
  '"RequestId":"',
  'HostId: ',
  '<Recommend>',
  'Recommend: ',
  'Action: ',
  'HttpStatus: ',
  '<HttpStatus>',
  'Code: ',
  '<Code>',
  '"Code":"',
  'ErrorCode: ',
  'Error: ',
  'SDKError:\n',
  'SDK.ServerError\n',
  'Data: {',
  'Response: {',
  ' : ',
  '+ [ RequestId : ',
  ';requestId:',
  'Aliyun API Error: ',
  'HTTP Status: 404 ',
  '<![CDATA[',
  ']]>',
  'acs:kms:',
  'kms.cn-hangzhou.aliyuncs.com',
];
const SPACES = [' ', '\t', '\n', '\r', '\r\n', '\u00a0', '\u3000', '\\n', '│', ' \t'];
const ANSI = ['\u001b[31m', '\u001b[0m', '\u001b[', '\u001b[1;33m', '\u001b', '\\u001b[31m', '\u001b[2K'];
const WIDE = ['错误码', '密钥不存在', '請求', '😀', '🔑', '\u200b', '\u0301', '\ufeff', '\u2028', '\ufffd', 'Ω'];
const ENTITIES = [
  '&lt;Code&gt;',
  '&#x46;orbidden.KeyNotFound',
  '&#xD800;',
  '&#0;',
  '&#1114112;',
  '&amp;lt;',
  '&x;',
  '<!DOCTYPE e [<!ENTITY x "Forbidden.KeyNotFound"><!ENTITY y "&x;&x;&x;&x;">]>',
  '<!DOCTYPE e SYSTEM "file:///etc/passwd">',
  '&#65;&#66;',
];
const PROTO = [
  '{"__proto__":{"polluted":"yes"},"Code":"Forbidden.KeyNotFound"}',
  '{"constructor":{"prototype":{"polluted":"yes"}},"RequestId":"R-1234"}',
  '<__proto__><polluted>yes</polluted></__proto__>',
  '<Error><constructor><prototype>x</prototype></constructor><Code>toString</Code></Error>',
  '"__proto__"',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

function insert(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** One mutation of `text`; each keeps the input a string and most keep it near its size. */
function mutateOnce(text: string, rng: Random, seeds: Seeds): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(20)) {
    case 0: {
      // flip bits of a few characters
      let out = text;
      for (let n = rng.size(1, 8); n > 0 && out.length > 0; n--) {
        const i = rng.int(out.length);
        const flipped = out.charCodeAt(i) ^ (1 << rng.int(16));
        out = out.slice(0, i) + String.fromCharCode(flipped) + out.slice(i + 1);
      }
      return out;
    }
    case 1: {
      // splice in a piece of another seed
      const other = rng.pick(seeds.texts);
      const from = rng.int(other.length + 1);
      return insert(text, at, other.slice(from, from + rng.size(1, 2000)));
    }
    case 2: {
      // cut a range
      const end = Math.min(text.length, at + rng.size(1, 500));
      return text.slice(0, at) + text.slice(end);
    }
    case 3: {
      // duplicate a range
      const piece = text.slice(at, at + rng.size(1, 300));
      return insert(text, at, piece.repeat(rng.size(1, 20)));
    }
    case 4:
      return insert(text, at, rng.chance(0.5) ? '\u0000' : '\u0000'.repeat(rng.size(1, 100)));
    case 5:
      return insert(text, at, rng.pick(['\ud800', '\udc00', '\udbff', '\udfff\ud800', '\ud83d']));
    case 6:
      return rng.chance(0.5) ? `\ufeff${text}` : insert(text, at, '\ufeff');
    case 7:
      // CR-only line ends (old Mac), or line ends mixed
      return rng.chance(0.7) ? text.replace(/\r?\n/g, '\r') : text.replace(/\n/g, () => rng.pick(['\n', '\r', '\r\n']));
    case 8: {
      // deep JSON nesting around a piece of the text
      const depth = rng.size(1, 20_000);
      const open = rng.chance(0.5) ? '{"a":'.repeat(depth) : '['.repeat(depth);
      const close = open.startsWith('{') ? '}'.repeat(depth) : ']'.repeat(depth);
      return insert(text, at, open + JSON.stringify(text.slice(at, at + 200)) + (rng.chance(0.8) ? close : ''));
    }
    case 9: {
      // deep XML nesting
      const depth = rng.size(1, 20_000);
      const tag = rng.pick(['a', 'Error', 'Code', 'Message', 'KMS']);
      const body = `<Code>${rng.pick(seeds.codes)}</Code><RequestId>R-${rng.int(1e6)}</RequestId>`;
      return insert(text, at, `<${tag}>`.repeat(depth) + body + (rng.chance(0.8) ? `</${tag}>`.repeat(depth) : ''));
    }
    case 10:
      return insert(text, at, rng.pick(ENTITIES));
    case 11:
      return insert(text, at, rng.pick(PROTO));
    case 12: {
      // a field key followed by a long run of whitespace, with or without an end
      const run = rng.pick(SPACES).repeat(rng.size(1, 400_000));
      return insert(text, at, rng.pick(KEYS) + run + (rng.chance(0.5) ? 'x' : ''));
    }
    case 13: {
      // a long run of one field key
      const key = rng.pick(KEYS);
      return insert(text, at, key.repeat(rng.size(1, Math.ceil(60_000 / key.length))));
    }
    case 14: {
      let out = text;
      for (let n = rng.size(1, 10); n > 0; n--) out = insert(out, rng.int(out.length + 1), rng.pick(ANSI));
      return out;
    }
    case 15: {
      let out = text;
      for (let n = rng.size(1, 10); n > 0; n--) out = insert(out, rng.int(out.length + 1), rng.pick(WIDE));
      return out;
    }
    case 16:
      return insert(text, at, rng.pick(seeds.codes));
    case 17:
      return insert(text, at, rng.pick(KEYS) + rng.pick(seeds.codes));
    case 18:
      // truncate, as a partial download or a cut selection
      return text.slice(0, at);
    default:
      return insert(text, at, String.fromCharCode(rng.int(0x80)).repeat(rng.size(1, 50)));
  }
}

/** A mutated text: one to four mutations, and sometimes made into one huge line. */
export function mutate(text: string, rng: Random, seeds: Seeds, limits: MutationLimits): string {
  let out = text;
  for (let n = rng.size(1, 4); n > 0; n--) out = mutateOnce(out, rng, seeds);
  if (rng.chance(limits.hugeChance)) {
    const line = out.replace(/[\r\n]+/g, ' ') || 'x';
    const size = 1_000_000 + rng.int(limits.hugeMax - 1_000_000);
    out = line.repeat(Math.ceil(size / line.length)).slice(0, size);
  }
  return out;
}

/** Catalog-specific damage: odd codes and aliases, prototype keys, huge or broken values. */
export function mutateCatalog(text: string, rng: Random, seeds: Seeds): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return mutateOnce(text, rng, seeds);
  }
  const file = data as { codes?: Array<Record<string, unknown>> };
  const entry = file.codes?.[rng.int(file.codes.length)];
  if (!entry) return mutateOnce(text, rng, seeds);
  const weird = rng.pick([
    '__proto__',
    'constructor',
    'toString',
    'valueOf',
    'hasOwnProperty',
    '',
    ' ',
    'a\nb',
    '\ud800',
    'x'.repeat(rng.size(1, 100_000)),
    '(a+)+$',
    '.*',
    '[',
    '\\',
    'Forbidden.KeyNotFound',
    rng.pick(seeds.codes),
  ]);
  switch (rng.int(6)) {
    case 0:
      entry['code'] = weird;
      break;
    case 1:
      entry['aliases'] = [weird, rng.pick(seeds.codes)];
      break;
    case 2:
      entry['message'] = rng.chance(0.5) ? weird : `${'<'.repeat(rng.size(1, 5000))} "< x >" ${weird}`;
      break;
    case 3:
      return text.replace('"codes"', `"__proto__":{"polluted":"yes"},"codes"`);
    case 4:
      return text.replace('"text"', `"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":1}},"text"`);
    default:
      entry[rng.pick(['httpStatus', 'category', 'text', 'shared', 'apis'])] = rng.pick([
        null,
        999,
        -1,
        'x',
        [],
        {},
        weird,
      ]);
  }
  return JSON.stringify(data);
}
