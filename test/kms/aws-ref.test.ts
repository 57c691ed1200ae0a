import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAwsKmsRef } from '../../src/kms/aws.js';
import type { AwsKmsKeyRef } from '../../src/kms/aws.js';
import { KmsError } from '../../src/kms/error.js';

const UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-2:111122223333:key/${UUID}`;
const ALIAS_ARN = 'arn:aws:kms:us-east-2:111122223333:alias/ExampleAlias';

// The forms cosign documents and tests (sigstore pkg/signature/kms/aws), plus KMS's own.
const VALID: [string, AwsKmsKeyRef][] = [
  [`awskms:///${UUID}`, { keyId: UUID, kind: 'key-id' }],
  [
    'awskms:///mrk-1234abcd12ab34cd56ef1234567890ab',
    { keyId: 'mrk-1234abcd12ab34cd56ef1234567890ab', kind: 'key-id' },
  ],
  [`awskms:///${UUID.toUpperCase()}`, { keyId: UUID.toUpperCase(), kind: 'key-id' }],
  [
    `awskms://localhost:4566/${UUID}`,
    { endpoint: 'https://localhost:4566', keyId: UUID, kind: 'key-id' },
  ],
  [`awskms:///${KEY_ARN}`, { keyId: KEY_ARN, kind: 'key-arn', region: 'us-east-2' }],
  [
    `awskms://localhost:4566/${KEY_ARN}`,
    { endpoint: 'https://localhost:4566', keyId: KEY_ARN, kind: 'key-arn', region: 'us-east-2' },
  ],
  [
    'awskms:///alias/ExampleAlias',
    { keyId: 'alias/ExampleAlias', kind: 'alias-name', alias: 'alias/ExampleAlias' },
  ],
  [
    'awskms://localhost:4566/alias/ExampleAlias',
    {
      endpoint: 'https://localhost:4566',
      keyId: 'alias/ExampleAlias',
      kind: 'alias-name',
      alias: 'alias/ExampleAlias',
    },
  ],
  [
    `awskms:///${ALIAS_ARN}`,
    { keyId: ALIAS_ARN, kind: 'alias-arn', region: 'us-east-2', alias: 'alias/ExampleAlias' },
  ],
  [
    `awskms://localhost:4566/${ALIAS_ARN}`,
    {
      endpoint: 'https://localhost:4566',
      keyId: ALIAS_ARN,
      kind: 'alias-arn',
      region: 'us-east-2',
      alias: 'alias/ExampleAlias',
    },
  ],
  [
    'awskms:///alias/team/signing_ca-2',
    { keyId: 'alias/team/signing_ca-2', kind: 'alias-name', alias: 'alias/team/signing_ca-2' },
  ],
  [
    `awskms:///arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${UUID}`,
    {
      keyId: `arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${UUID}`,
      kind: 'key-arn',
      region: 'us-gov-west-1',
    },
  ],
  [
    `awskms:///arn:aws-cn:kms:cn-north-1:111122223333:key/${UUID}`,
    {
      keyId: `arn:aws-cn:kms:cn-north-1:111122223333:key/${UUID}`,
      kind: 'key-arn',
      region: 'cn-north-1',
    },
  ],
  [
    `awskms://kms.internal.example/${UUID}`,
    { endpoint: 'https://kms.internal.example', keyId: UUID, kind: 'key-id' },
  ],
  [`awskms://[::1]:4566/${UUID}`, { endpoint: 'https://[::1]:4566', keyId: UUID, kind: 'key-id' }],
];

// Each refusal with a fragment of the message that says what is wrong.
const INVALID: [string, RegExp][] = [
  ['awskms:///missingalias', /for an alias write alias\/missingalias/],
  ['awskms:///1234abcd-12ab-YYYY-56ef-1234567890ab', /is not a key ID .* key ARN .* alias/],
  [`awskms://${UUID}`, /third slash \(awskms:\/\/\/KEY\)/],
  ['awskms:///', /names no key/],
  ['awskms://localhost:4566/', /names no key/],
  ['awskms:///alias/', /alias name is alias\/ and then/],
  ['awskms:///alias/has space', /alias name is alias\/ and then/],
  [`awskms:///alias/${'a'.repeat(251)}`, /up to 250/],
  [`awskms:///arn:aws:kms:us-east-2:1111:key/${UUID}`, /not a KMS key or alias ARN/],
  ['awskms:///arn:aws:s3:::my-bucket', /not a KMS key or alias ARN/],
  [`awskms:///arn:aws:kms:us-east-2:111122223333:key/not-a-uuid`, /not a KMS key or alias ARN/],
  [`awskms://user@host:1/${UUID}`, /endpoint "user@host:1" is not HOST or HOST:PORT/],
  [`awskms://host:port/${UUID}`, /is not HOST or HOST:PORT/],
  [`gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k`, /must start with awskms:\/\//],
  [`AWSKMS:///${UUID}`, /must start with awskms:\/\//],
];

describe('parseAwsKmsRef', () => {
  for (const [ref, expected] of VALID) {
    it(`parses ${ref}`, () => {
      assert.deepEqual(parseAwsKmsRef(ref), expected);
    });
  }

  for (const [ref, message] of INVALID) {
    it(`refuses ${ref}`, () => {
      assert.throws(
        () => parseAwsKmsRef(ref),
        (error: unknown) => {
          assert.ok(error instanceof KmsError);
          assert.equal(error.code, 'KEY_REF_INVALID');
          // Every refusal quotes the reference it refused.
          assert.ok(error.message.includes(JSON.stringify(ref)), error.message);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it('accepts an alias name of exactly 256 characters', () => {
    const alias = `alias/${'a'.repeat(250)}`;
    assert.equal(parseAwsKmsRef(`awskms:///${alias}`).alias, alias);
  });
});
