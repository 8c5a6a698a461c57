import type { TrailEventJson } from './incidentWorld';

/** A documented ActionTrail event (a DisableKey by RAM user alice), with the fields a test changes. */
export function event(overrides: Partial<TrailEventJson> = {}): TrailEventJson {
  return {
    eventId: 'E-1',
    eventVersion: '1',
    eventName: 'DisableKey',
    eventType: 'ApiCall',
    eventRW: 'Write',
    eventSource: 'kms.cn-hangzhou.aliyuncs.com',
    eventTime: '2026-11-20T08:14:03Z',
    acsRegion: 'cn-hangzhou',
    apiVersion: '2016-01-20',
    requestId: 'R-1',
    requestParameters: { KeyId: 'key-hzz630494463ejqjx0001' },
    serviceName: 'Kms',
    sourceIpAddress: '203.0.113.7',
    userAgent: 'aliyun-cli/v3.0.200',
    userIdentity: {
      type: 'ram-user',
      accountId: '1234567890123456',
      principalId: '2111111111111111',
      userName: 'alice',
      accessKeyId: 'LTAI5tEXAMPLE1',
    },
    errorCode: '',
    errorMessage: '',
    ...overrides,
  };
}
