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
