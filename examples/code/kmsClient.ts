import Kms20160120, * as $Kms from '@alicloud/kms20160120';
import * as $OpenApi from '@alicloud/openapi-client';
import Credential from '@alicloud/credentials';
import type { Response } from 'express';

export function createKmsClient(regionId = 'cn-shanghai'): Kms20160120 {
  // Default credential chain: env vars, OIDC (RRSA) or the ECS RAM role. No keys in code.
  const config = new $OpenApi.Config({ credential: new Credential(), regionId, endpoint: `kms.${regionId}.aliyuncs.com` });
  return new Kms20160120(config);
}

/** Decrypts one field; returns null when the key can no longer be used. */
export async function decryptField(client: Kms20160120, ciphertextBlob: string): Promise<string | null> {
  try {
    const res = await client.decrypt(new $Kms.DecryptRequest({ ciphertextBlob }));
    return res.body?.plaintext ?? null;
  } catch (err: any) {
    switch (err.code) {
      case 'Forbidden.KeyNotFound':
        console.warn(`key not found - wrong region? ${err.message}`);
        return null;
      case "Rejected.Disable":
      case 'Rejected.PendingDeletion':
        console.warn(`key not usable (${err.code}), request id ${err.data?.RequestId}`);
        return null;
      default:
        throw err;
    }
  }
}

/** Decrypts all fields of a record; reports how many failed instead of failing the whole record. */
export async function decryptRecord(client: Kms20160120, blobs: Record<string, string>) {
  const names = Object.keys(blobs);
  const results = await Promise.allSettled(names.map((n) => decryptField(client, blobs[n])));
  const rejected = results.filter((r) => r.status === 'rejected');
  if (rejected.length > 0) console.error(`${rejected.length} of ${names.length} fields failed to decrypt`);
  return Object.fromEntries(results.map((r, i) => [names[i], r.status === 'fulfilled' ? r.value : null]));
}

export function sendKmsError(res: Response, err: any): void {
  if (err?.code === 'Forbidden.NoPermission') {
    res.status(403).sendFile('forbidden.html', { root: 'public' });
    return;
  }
  res.status(err?.data?.statusCode === 429 ? 503 : 500).json({ error: 'kms_unavailable', code: err?.code });
}
