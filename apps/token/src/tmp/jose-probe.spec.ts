import { generateKeyPair, exportJWK } from 'jose';
it('jose works', async () => {
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  expect((await exportJWK(publicKey)).kty).toBe('RSA');
});
