import { checkedBaseUrl } from './base-url';

describe('upstream base URL check', () => {
  it('normalises: no trailing slash, the origin and path kept', async () => {
    await expect(checkedBaseUrl('https://93.184.216.34/v1/', false)).resolves.toBe('https://93.184.216.34/v1');
    await expect(checkedBaseUrl('http://127.0.0.1:8080', true)).resolves.toBe('http://127.0.0.1:8080');
  });

  it.each([
    ['http://127.0.0.1:8080', 'API_URL_FORBIDDEN'],
    ['http://10.1.2.3', 'API_URL_FORBIDDEN'],
    ['http://[::1]/', 'API_URL_FORBIDDEN'],
    ['http://169.254.169.254/latest/meta-data', 'API_URL_FORBIDDEN'],
    ['http://user:secret@93.184.216.34', 'API_INVALID'],
    ['file:///etc/passwd', 'API_INVALID'],
    ['not a url', 'API_INVALID'],
    ['http://93.184.216.34/?debug=1', 'API_INVALID'],
    ['http://93.184.216.34:25', 'API_URL_FORBIDDEN'],
  ])('refuses %s (%s) naming baseUrl', async (url, code) => {
    await expect(checkedBaseUrl(url, false)).rejects.toMatchObject({
      code,
      details: { errors: [expect.objectContaining({ field: 'baseUrl' })] },
    });
  });

  it('keeps metadata refused even when private targets are allowed', async () => {
    await expect(checkedBaseUrl('http://169.254.169.254', true)).rejects.toMatchObject({ code: 'API_URL_FORBIDDEN' });
  });
});
