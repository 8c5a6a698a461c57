import type { CatalogEntry, Locale } from '../catalog/types';

/**
 * The OpenAPI troubleshooting page, pre-filled with the code (when known), product `Kms` and the
 * RequestId (when known). The one builder of this URL: the client asks the server for it.
 */
export function troubleshootUrl(code: string | null, requestId: string | null, locale: Locale): string {
  const query = new URLSearchParams();
  if (locale === 'en') query.set('intl_lang', 'EN_US');
  if (code !== null) query.set('q', code);
  query.set('product', 'Kms');
  if (requestId) query.set('requestId', requestId);
  const host = locale === 'zh-CN' ? 'https://api.aliyun.com' : 'https://api.alibabacloud.com';
  return `${host}/troubleshoot?${query.toString()}`;
}

/** The documentation page that lists the code: the KMS instance API errors, or the OpenAPI sample responses. */
export function documentationUrl(entry: CatalogEntry | null, locale: Locale): string {
  const instanceOnly = entry !== null && entry.surfaces.length === 1 && entry.surfaces[0] === 'instance';
  if (locale === 'zh-CN') {
    return instanceOnly
      ? 'https://help.aliyun.com/document_detail/415316.htm'
      : 'https://error-center.aliyun.com/status/product/Kms';
  }
  return instanceOnly
    ? 'https://www.alibabacloud.com/help/en/kms/key-management-service/developer-reference/common-error-codes-1'
    : 'https://www.alibabacloud.com/help/en/kms/key-management-service/support/sample-responses';
}
