import { type KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { Tag, parseDer } from '../../src/core/der.js';

/**
 * The private scalar d of an EC private key, read from its PKCS#8 DER (RFC 5208 around the
 * RFC 5915 ECPrivateKey, whose privateKey octets are the fixed-size big-endian d). Never a
 * JWK export of a fresh key: that can deadlock on Node 20 (see src/core/jwk.ts).
 */
export function ecPrivateScalar(key: KeyObject): Buffer {
  const [, , wrapped] = parseDer(key.export({ format: 'der', type: 'pkcs8' }))
    .expect(Tag.SEQUENCE, 'PrivateKeyInfo')
    .children();
  const [, d] = parseDer(wrapped!.expect(Tag.OCTET_STRING, 'privateKey').value)
    .expect(Tag.SEQUENCE, 'ECPrivateKey')
    .children();
  return Buffer.from(d!.expect(Tag.OCTET_STRING, 'ECPrivateKey privateKey').value);
}

/** An EC key as the server holds one: re-imported from PKCS#8, never the generator's own object. */
export function serverHeldKey(namedCurve: 'P-256' | 'P-384'): KeyObject {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve });
  return createPrivateKey({
    key: privateKey.export({ format: 'der', type: 'pkcs8' }),
    format: 'der',
    type: 'pkcs8',
  });
}
