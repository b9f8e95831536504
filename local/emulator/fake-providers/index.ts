/**
 * Fake provider servers for the local rehearsal, the benchmarks and the tests: each a `node:http` server on
 * 127.0.0.1 that speaks a provider's documented shapes, holds which keys exist and are live, counts calls and
 * injects faults. `start*()` returns `{ url, close(), state }`.
 */
export {
  anthropicError,
  type FakeAnthropicKey,
  type FakeAnthropicState,
  partialKeyHint,
  type StartFakeAnthropicOptions,
  startFakeAnthropic,
} from './anthropic';
export {
  type FakeHttpKey,
  type FakeHttpState,
  httpError,
  type StartFakeHttpOptions,
  startFakeHttpProvider,
} from './http';
export {
  type FakeOpenAiKey,
  type FakeOpenAiServiceAccount,
  type FakeOpenAiState,
  openAiError,
  type StartFakeOpenAiOptions,
  startFakeOpenAi,
} from './openai';
export {
  anthropicRateLimited,
  FakeRateLimit,
  type FakeRateLimitState,
  httpRateLimited,
  openAiRateLimited,
  type RateLimitAnswer,
} from './rate-limit';
export type { Call, FakeServer, FakeServerState, Fault } from './server';
