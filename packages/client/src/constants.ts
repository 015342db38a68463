// Values shared by the client's modules; the base URLs equal the spec's `servers` (tested).
declare const __CLIENT_VERSION__: string;

/** DingTalk's international endpoint, the one its API document names. The default `baseUrl`. */
export const DINGTALK_INTL_BASE_URL = 'https://api.dingtalk.io';
/** DingTalk's mainland China endpoint, the default of DingTalk's official SDK. */
export const DINGTALK_CN_BASE_URL = 'https://api.dingtalk.com';

export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';
export const REQUEST_ID_HEADER = 'x-acs-request-id';
export const DEFAULT_USER_AGENT = `dingtalk-storage-client/${__CLIENT_VERSION__}`;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
