import type { SdkLanguage } from './facts';
import { looksLikeApi } from './identifiers';

/**
 * Retry settings in each SDK's own runtime options. The Tea runtime (`RuntimeOptions` of tea-util)
 * reads `autoretry`, `maxAttempts`, `backoffPolicy` and `backoffPeriod` (Python: `max_attempts`,
 * `backoff_policy`, `backoff_period`); generated clients take them as the last argument of
 * `<Api>WithOptions(request, runtime)`. In the Go runtime a backoff policy other than "no" sleeps a
 * random multiple (below 2^attempt) of `backoffPeriod` seconds.
 */
export const SDK_NAMES: Record<SdkLanguage, string> = {
  go: 'Go',
  java: 'Java',
  python: 'Python',
  typescript: 'TypeScript/Node.js',
  csharp: 'C#',
  php: 'PHP',
};

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The snippet for `language`; the API name goes in only when it looks like one (else a placeholder name). */
export function sdkSnippet(language: SdkLanguage, api: string | null): string {
  const name = api && looksLikeApi(api) ? api : 'YourApi';
  switch (language) {
    case 'go':
      return [
        '// util: github.com/alibabacloud-go/tea-utils/v2/service, tea: github.com/alibabacloud-go/tea/tea',
        'runtime := &util.RuntimeOptions{',
        '\tAutoretry:     tea.Bool(true),',
        '\tMaxAttempts:   tea.Int(3),',
        '\tBackoffPolicy: tea.String("exponential"),',
        '\tBackoffPeriod: tea.Int(1),',
        '}',
        `response, err := client.${name}WithOptions(request, runtime)`,
      ].join('\n');
    case 'java':
      return [
        'com.aliyun.teautil.models.RuntimeOptions runtime = new com.aliyun.teautil.models.RuntimeOptions()',
        '    .setAutoretry(true)',
        '    .setMaxAttempts(3)',
        '    .setBackoffPolicy("exponential")',
        '    .setBackoffPeriod(1);',
        `var response = client.${lowerFirst(name)}WithOptions(request, runtime);`,
      ].join('\n');
    case 'python':
      return [
        'from alibabacloud_tea_util import models as util_models',
        '',
        "runtime = util_models.RuntimeOptions(autoretry=True, max_attempts=3, backoff_policy='exponential', backoff_period=1)",
        `response = client.${snake(name)}_with_options(request, runtime)`,
      ].join('\n');
    case 'typescript':
      return [
        "import * as $Util from '@alicloud/tea-util';",
        '',
        "const runtime = new $Util.RuntimeOptions({ autoretry: true, maxAttempts: 3, backoffPolicy: 'exponential', backoffPeriod: 1 });",
        `const response = await client.${lowerFirst(name)}WithOptions(request, runtime);`,
      ].join('\n');
    case 'csharp':
      return [
        'var runtime = new AlibabaCloud.TeaUtil.Models.RuntimeOptions',
        '{',
        '    Autoretry = true,',
        '    MaxAttempts = 3,',
        '    BackoffPolicy = "exponential",',
        '    BackoffPeriod = 1,',
        '};',
        `var response = client.${name}WithOptions(request, runtime);`,
      ].join('\n');
    case 'php':
      return [
        'use AlibabaCloud\\Tea\\Utils\\Utils\\RuntimeOptions;',
        '',
        "$runtime = new RuntimeOptions(['autoretry' => true, 'maxAttempts' => 3, 'backoffPolicy' => 'exponential', 'backoffPeriod' => 1]);",
        `$response = $client->${lowerFirst(name)}WithOptions($request, $runtime);`,
      ].join('\n');
  }
}

/** One line per SDK, for a record whose SDK is unknown: each SDK's runtime options, nothing else. */
export function sdkOverview(): string {
  return [
    'Go:         &util.RuntimeOptions{Autoretry: tea.Bool(true), MaxAttempts: tea.Int(3), BackoffPolicy: tea.String("exponential"), BackoffPeriod: tea.Int(1)}',
    'Java:       new com.aliyun.teautil.models.RuntimeOptions().setAutoretry(true).setMaxAttempts(3).setBackoffPolicy("exponential").setBackoffPeriod(1)',
    "Python:     util_models.RuntimeOptions(autoretry=True, max_attempts=3, backoff_policy='exponential', backoff_period=1)",
    "TypeScript: new $Util.RuntimeOptions({ autoretry: true, maxAttempts: 3, backoffPolicy: 'exponential', backoffPeriod: 1 })",
    'C#:         new AlibabaCloud.TeaUtil.Models.RuntimeOptions { Autoretry = true, MaxAttempts = 3, BackoffPolicy = "exponential", BackoffPeriod = 1 }',
    "PHP:        new RuntimeOptions(['autoretry' => true, 'maxAttempts' => 3, 'backoffPolicy' => 'exponential', 'backoffPeriod' => 1])",
    '',
    'Pass it as the last argument: client.<api>WithOptions(request, runtime) (Python: <api>_with_options).',
  ].join('\n');
}
