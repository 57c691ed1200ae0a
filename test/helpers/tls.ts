import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { contextTag, sequence } from '../../src/core/der.js';
import { toPem } from '../../src/core/pem.js';
import {
  OID,
  basicConstraints,
  buildCertificate,
  keyUsage,
  name,
  randomSerial,
  signerFor,
  spkiOf,
} from '../../src/core/x509.js';

/**
 * A self-signed P-256 certificate for 127.0.0.1 (subjectAltName iPAddress), PEM key and cert:
 * an https server on loopback that a client trusts only when given `cert` as its CA.
 */
export function selfSignedCertificate(commonName = 'test 127.0.0.1'): {
  key: string;
  cert: string;
} {
  // Re-imported from DER: Node 20 can deadlock reading a generateKeyPair key's details.
  const key = createPrivateKey({
    key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'der',
      type: 'pkcs8',
    }),
    format: 'der',
    type: 'pkcs8',
  });
  const subject = name([{ short: 'CN', value: commonName }]);
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const der = buildCertificate(
    {
      serial: randomSerial(),
      issuer: subject,
      subject,
      notBefore,
      notAfter: new Date(notBefore.getTime() + 48 * 60 * 60 * 1000),
      publicKey: spkiOf(key),
      extensions: [
        { oid: OID.basicConstraints, critical: true, value: basicConstraints(true) },
        {
          oid: OID.keyUsage,
          critical: true,
          value: keyUsage(['digitalSignature', 'keyCertSign']),
        },
        // subjectAltName: iPAddress [7] 127.0.0.1
        { oid: '2.5.29.17', value: sequence(contextTag(7, Buffer.from([127, 0, 0, 1]), false)) },
      ],
      signatureAlgorithm: 'ecdsa-sha256',
    },
    signerFor(key),
  );
  return {
    key: key.export({ format: 'pem', type: 'pkcs8' }) as string,
    cert: toPem('CERTIFICATE', der),
  };
}
