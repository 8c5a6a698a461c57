import { readFacts } from '../diagnosis/facts';
import { looksLikeApi, looksLikeRegion } from '../diagnosis/identifiers';
import type { Finding } from '../scanner/types';
import { param, type Caller, type TrailEvent } from '../trail/event';
import { aliasReference, keyReference, secretReference, type ResourceRef } from '../trail/resources';

/** One failed KMS call as the timeline groups it: from a log's finding or from the trail. */
export interface Observation {
  code: string;
  time: number | null;
  requestId: string | null;
  /** The key, alias or secret the call named. */
  resource: ResourceRef | null;
  api: string | null;
  region: string | null;
  accessKeyId: string | null;
  /** Who called, when the trail recorded the call. */
  caller: Caller | null;
  /** The log file it was found in; null for a call known only from the trail. */
  file: string | null;
  /** The zero-based line of its code in the file. */
  line: number | null;
  host: string | null;
  service: string | null;
}

/**
 * An observation as plain data, for the trip from a worker thread: code, time, RequestId, resource
 * kind, id and region, API, region, AccessKeyId, host, service, line.
 */
export type ObservationTuple = [
  string,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  number,
];

// Fields a log line names its host and service by (`host=web-3`, `"service":"checkout"`); linear patterns.
const HOST_FIELD =
  /(?:^|[^A-Za-z0-9_-])(?:host|hostname|pod|instance)\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Za-z0-9][A-Za-z0-9._-]{0,62})/i;
const SERVICE_FIELD =
  /(?:^|[^A-Za-z0-9_-])(?:service|svc|app|application)\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Za-z0-9][A-Za-z0-9._-]{0,62})/i;
const REGION_FIELD =
  /(?:^|[^A-Za-z0-9_-])(?:region|regionId|region_id)\\?["']?[ \t]*[:=][ \t]*\\?["']?([a-z]{2,4}(?:-[a-z0-9]{1,16}){1,3})/i;
const API_FIELD =
  /(?:^|[^A-Za-z0-9_-])(?:api|action|operation)\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Z][A-Za-z0-9]{2,60})\b/;

/** What a log finding tells the timeline: its code, time, RequestId and what its record names. */
export function observeFinding(finding: Finding, apiNames: ReadonlySet<string>): ObservationTuple {
  const text = finding.recordText ?? '';
  const { record } = finding;
  const facts = readFacts(text, record, apiNames);
  const resource =
    (facts.arn ? keyReference(facts.arn.arn) : null) ??
    keyReference(facts.keyId) ??
    aliasReference(facts.alias) ??
    secretReference(facts.secretName);
  const region =
    facts.arn?.region || facts.endpoint?.region || REGION_FIELD.exec(text)?.[1] || resource?.region || null;
  const api = facts.api ?? API_FIELD.exec(text)?.[1] ?? null;
  return [
    finding.code,
    record.timestamp,
    record.requestId,
    resource?.kind ?? null,
    resource?.id ?? null,
    resource?.region ?? null,
    api && looksLikeApi(api) ? api : null,
    region && looksLikeRegion(region) ? region : null,
    facts.accessKeyId,
    appHost(HOST_FIELD.exec(text)?.[1] ?? null),
    SERVICE_FIELD.exec(text)?.[1] ?? null,
    finding.range.start.line,
  ];
}

/** A host field that names the application's machine, not the endpoint it called (a `Host:` header). */
function appHost(host: string | null): string | null {
  return host && !/aliyuncs\.com$/i.test(host) ? host : null;
}

/** The observation of a tuple found in `file`. */
export function fromTuple(tuple: ObservationTuple, file: string): Observation {
  const [code, time, requestId, kind, id, resourceRegion, api, region, accessKeyId, host, service, line] = tuple;
  return {
    code,
    time,
    requestId,
    resource: kind && id ? { kind: kind as ResourceRef['kind'], id, region: resourceRegion } : null,
    api,
    region,
    accessKeyId,
    caller: null,
    file,
    line,
    host,
    service,
  };
}

/** A failed KMS call of the trail as an observation: its API is the event name. */
export function observeTrailFailure(event: TrailEvent, code: string): Observation {
  const resource = resourceOfEvent(event);
  return {
    code,
    time: event.time,
    requestId: event.requestId,
    resource,
    api: event.name,
    region: event.region ?? resource?.region ?? null,
    accessKeyId: event.caller.accessKeyId,
    caller: event.caller,
    file: null,
    line: null,
    host: null,
    service: null,
  };
}

/** The key, alias or secret a trail event's request names. */
export function resourceOfEvent(event: TrailEvent): ResourceRef | null {
  return (
    keyReference(param(event, 'KeyId')) ??
    aliasReference(param(event, 'AliasName')) ??
    secretReference(param(event, 'SecretName'))
  );
}
