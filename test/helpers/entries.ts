import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** A signer of hashedrekord requests with a fresh P-256 key, as a CI job's ephemeral key would be. */
export class EntryFactory {
  readonly privateKey: KeyObject;
  readonly spki: Buffer;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.spki = pair.publicKey.export({ format: 'der', type: 'spki' });
  }

  /** A CreateEntryRequest for `artifact` (random bytes by default), signed with this key. */
  request(artifact: Buffer = randomBytes(32)): { hashedRekordRequestV002: object } {
    const digest = createHash('sha256').update(artifact).digest();
    return {
      hashedRekordRequestV002: {
        digest: digest.toString('base64'),
        signature: {
          content: sign('sha256', artifact, this.privateKey).toString('base64'),
          verifier: {
            publicKey: { rawBytes: this.spki.toString('base64') },
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
          },
        },
      },
    };
  }
}
