// What a caller should do about each kind of error: the one column of the guide's error table that the
// spec cannot give. Rules match error codes by pattern, so a new `paramError.x` or `…NotFound` code is
// covered as it appears; a code no rule matches gets the general advice for its status. The build fails on
// a rule that matches no code of the spec (advice for a code that no longer exists).

export const ADVICE_RULES = [
  {
    pattern: /^paramError/,
    advice:
      'Fix the request: the message (and for `paramError.<field>` the code) names the field. Sending it again unchanged fails the same way.',
  },
  {
    pattern: /^InvalidAuthentication$/,
    advice:
      'The access token is missing, invalid or expired. With a token provider (`createAppTokenProvider` or your own function) the client has already fetched a fresh token and sent the call once more, so the fresh token was refused too: check the app’s credentials. With a fixed token string, get a new one.',
  },
  {
    pattern: /^invalidClientSecret$/,
    advice: 'Check the app’s `appKey` and `appSecret` (the app’s credentials page in the developer console).',
  },
  {
    pattern: /^permissionDenied$/,
    advice:
      'Give the app the permission the operation names (its description in the API reference, e.g. `Storage.Space.Write`) and check that the operator (`unionId`) may act on the space.',
  },
  {
    pattern: /NotFound$/,
    advice: 'Check the id in the request: it must be one DingTalk returned for the same organization.',
  },
  {
    pattern: /^Forbidden\.AccessDenied\.QpsLimit/,
    advice:
      'Call less often: DingTalk’s standard plan allows 20 calls per second per app and API. Spread bursts out or queue calls.',
  },
  {
    pattern: /^Forbidden\.AccessDenied\.ApiCountLimitForOrg$/,
    advice:
      'The organization’s monthly call quota is spent; retrying does not help. Wait for the next month or ask DingTalk for a larger quota.',
  },
  {
    pattern: /^(systemError|unknownError|operationTimeout)$/,
    advice:
      'A fault on DingTalk’s side. If it outlasts the client’s attempts, try again later; when asking DingTalk, quote `error.requestId`.',
  },
];

/** The general advice, for a code no rule matches. */
export function fallbackAdvice(status, retried) {
  if (retried) return 'A transient failure. If it outlasts the client’s attempts, try again later.';
  if (status >= 500)
    return 'A fault on DingTalk’s side. Try again later; when asking DingTalk, quote `error.requestId`.';
  return 'Read the error’s message and fix the request or the app’s setup; when asking DingTalk, quote `error.requestId`.';
}
