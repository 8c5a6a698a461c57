import type { Locale } from '../catalog/types';

/** Maps an editor or system locale (`zh-cn`, `zh-Hant-HK`, `en-US`, `fr`) to one of ours; others get English. */
export function resolveLocale(requested: string | null | undefined): Locale {
  const tag = (requested ?? '').toLowerCase().replace(/_/g, '-');
  if (!tag.startsWith('zh')) return 'en';
  if (/^zh-(?:tw|hk|mo|hant)/.test(tag)) return 'zh-TW';
  return 'zh-CN';
}
