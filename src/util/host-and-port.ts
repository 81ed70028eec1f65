/** Where a failed connection went, as `host:port` with the default port spelt out: never credentials, path or query. */
export function hostAndPort(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}
