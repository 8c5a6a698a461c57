import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A colour theme's token rules, with the rules of the themes it includes first. */
export interface ThemeRules {
  rules: Array<{ scope?: string | string[]; settings?: { foreground?: string } }>;
  foreground: string;
}

/** JSON with comments and trailing commas, as VS Code's theme files are written. */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i) + 2;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

export function loadTheme(file: string): ThemeRules {
  const theme = parseJsonc(readFileSync(file, 'utf8')) as {
    include?: string;
    tokenColors?: ThemeRules['rules'];
    colors?: Record<string, string>;
  };
  const base = theme.include ? loadTheme(path.join(path.dirname(file), theme.include)) : { rules: [], foreground: '' };
  return {
    rules: [...base.rules, ...(theme.tokenColors ?? [])],
    foreground: theme.colors?.['editor.foreground'] ?? base.foreground,
  };
}

const matches = (selector: string, scope: string) => scope === selector || scope.startsWith(`${selector}.`);

/** [depth of the matched scope, dots in the selector, ancestors named]: TextMate's ranking, simplified. */
function rank(selector: string, stack: readonly string[]): [number, number, number] | null {
  const parts = selector.trim().split(/\s+/);
  const last = parts.pop() as string;
  let depth = -1;
  for (let i = stack.length - 1; i >= 0; i--) {
    if (matches(last, stack[i] as string)) {
      depth = i;
      break;
    }
  }
  if (depth < 0) return null;
  let j = depth - 1;
  for (let k = parts.length - 1; k >= 0; k--) {
    while (j >= 0 && !matches(parts[k] as string, stack[j] as string)) j--;
    if (j < 0) return null;
    j--;
  }
  return [depth, last.split('.').length, parts.length];
}

const better = (a: [number, number, number], b: [number, number, number] | null) =>
  !b || a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] >= b[2])));

/** The foreground a theme gives a token with this scope stack (outermost first); later rules win ties. */
export function tokenColour(theme: ThemeRules, stack: readonly string[]): string {
  let colour = theme.foreground;
  let best: [number, number, number] | null = null;
  for (const rule of theme.rules) {
    const foreground = rule.settings?.foreground;
    if (!foreground || !rule.scope) continue;
    const selectors = Array.isArray(rule.scope) ? rule.scope : rule.scope.split(',');
    for (const selector of selectors) {
      if (!selector.trim()) continue;
      const r = rank(selector, stack);
      if (r && better(r, best)) {
        best = r;
        colour = foreground;
      }
    }
  }
  return colour.toLowerCase();
}

function channels(hex: string): [number, number, number] {
  let h = hex.replace('#', '');
  if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** CIE L*a*b* of an sRGB colour (D65). */
function lab(hex: string): [number, number, number] {
  const linear = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047);
  const y = f(r * 0.2126 + g * 0.7152 + b * 0.0722);
  const z = f((r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/**
 * How different two colours look: CIEDE2000 (about 1 is the smallest difference one sees, 10 a plain
 * one at a glance; Light+ gives strings #a31515 and `invalid` #cd3131, which users took for one red: 10).
 */
export function colourDifference(a: string, b: string): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  const rad = Math.PI / 180;
  const c1 = Math.hypot(a1, b1);
  const c2 = Math.hypot(a2, b2);
  const cMean = (c1 + c2) / 2;
  const g = 0.5 * (1 - Math.sqrt(cMean ** 7 / (cMean ** 7 + 25 ** 7)));
  const a1p = a1 * (1 + g);
  const a2p = a2 * (1 + g);
  const c1p = Math.hypot(a1p, b1);
  const c2p = Math.hypot(a2p, b2);
  const hue = (x: number, y: number) => {
    if (x === 0 && y === 0) return 0;
    const t = Math.atan2(y, x) / rad;
    return t < 0 ? t + 360 : t;
  };
  const h1p = hue(a1p, b1);
  const h2p = hue(a2p, b2);
  const dL = l2 - l1;
  const dC = c2p - c1p;
  let dh = 0;
  if (c1p * c2p !== 0) {
    dh = h2p - h1p;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin((dh / 2) * rad);
  const lMean = (l1 + l2) / 2;
  const cMeanP = (c1p + c2p) / 2;
  let hMean = h1p + h2p;
  if (c1p * c2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hMean += hMean < 360 ? 360 : -360;
    hMean /= 2;
  }
  const t =
    1 -
    0.17 * Math.cos((hMean - 30) * rad) +
    0.24 * Math.cos(2 * hMean * rad) +
    0.32 * Math.cos((3 * hMean + 6) * rad) -
    0.2 * Math.cos((4 * hMean - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hMean - 275) / 25) ** 2));
  const rC = 2 * Math.sqrt(cMeanP ** 7 / (cMeanP ** 7 + 25 ** 7));
  const sL = 1 + (0.015 * (lMean - 50) ** 2) / Math.sqrt(20 + (lMean - 50) ** 2);
  const sC = 1 + 0.045 * cMeanP;
  const sH = 1 + 0.015 * cMeanP * t;
  const rT = -Math.sin(2 * dTheta * rad) * rC;
  return Math.sqrt((dL / sL) ** 2 + (dC / sC) ** 2 + (dH / sH) ** 2 + rT * (dC / sC) * (dH / sH));
}
