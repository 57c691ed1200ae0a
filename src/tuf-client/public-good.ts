/**
 * The first root of the Sigstore public-good TUF repository (MIRROR below), so that
 * `--tuf-url https://tuf-repo-cdn.sigstore.dev` needs no --tuf-root: a client walks from it to
 * the current root version by version, each signed by the threshold of the one before.
 *
 * Source: the seed sigstore-js ships for this mirror, `@sigstore/tuf` 4.0.2, seeds.json,
 * key "https://tuf-repo-cdn.sigstore.dev", field "root.json" (base64), decoded verbatim. An
 * expired starting root is fine: TUF only requires the final root of the walk to be current.
 */

export const PUBLIC_GOOD_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';

export const publicGoodTufRoot = (): Buffer => Buffer.from(JSON.stringify(ROOT));

const ROOT = {
  signatures: [
    {
      keyid: 'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
      sig: '3046022100e04c9706299be5d8c2b14fb50bcd5b9c241f10597153dfe22f943efe896b5150022100cfd7b9f06a5900784e312d02b8e336edbb3b2fab61ac14550b3112b4f9e33df4',
    },
    {
      keyid: '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
      sig: '',
    },
    {
      keyid: '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
      sig: '3045022100cc308ae7d390fa782ee3376ddfaa929835016e86dad81f69e2de7ec1e174432e02205fb19906a31cce146c29624443c0d0c2f33ee80dac39d72114f939607cc22937',
    },
    {
      keyid: 'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
      sig: '304502203f8aff7a30e05a8c3d904b671ab1a6e4e8a6f508b7cfa0c780e72976bee7a227022100f64c9b765526f34d9ea16339cf238893e1c3368b4f0910a61a1af27dda01ebb9',
    },
    {
      keyid: '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
      sig: '304502202363ca249aefa6d5f61c408a32cdd079b034a7888ddf2136dc4515ed4a728418022100b04eca42bc510ccbbf5d30783aaa936b1f137ca7a017ee9d90d3710432da0427',
    },
  ],
  signed: {
    _type: 'root',
    consistent_snapshot: true,
    expires: '2026-06-22T13:27:01Z',
    keys: {
      '0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5': {
        keyid_hash_algorithms: ['sha256', 'sha512'],
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEWRiGr5+j+3J5SsH+Ztr5nE2H2wO7\nBV+nO3s93gLca18qTOzHY1oWyAGDykMSsGTUBSt9D+An0KfKsD2mfSM42Q==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-online-uri':
          'gcpkms:projects/sigstore-root-signing/locations/global/keyRings/root/cryptoKeys/timestamp/cryptoKeyVersions/1',
      },
      '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632': {
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEMxpPOJCIZ5otG4106fGJseEQi3V9\npkMYQ4uyV9Tj1M7WHXIyLG+jkfvuG0glQ1JZbRZZBV3gAR4sojdGHISeow==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-keyowner': '@lance',
      },
      '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06': {
        keyid_hash_algorithms: ['sha256', 'sha512'],
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEzBzVOmHCPojMVLSI364WiiV8NPrD\n6IgRxVliskz/v+y3JER5mcVGcONliDcWMC5J2lfHmjPNPhb4H7xm8LzfSA==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-keyowner': '@santiagotorres',
      },
      '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222': {
        keyid_hash_algorithms: ['sha256', 'sha512'],
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEinikSsAQmYkNeH5eYq/CnIzLaacO\nxlSaawQDOwqKy/tCqxq5xxPSJc21K4WIhs9GyOkKfzueY3GILzcMJZ4cWw==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-keyowner': '@bobcallaway',
      },
      a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70: {
        keyid_hash_algorithms: ['sha256', 'sha512'],
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE0ghrh92Lw1Yr3idGV5WqCtMDB8Cx\n+D8hdC4w2ZLNIplVRoVGLskYa3gheMyOjiJ8kPi15aQ2//7P+oj7UvJPGw==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-keyowner': '@joshuagl',
      },
      e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2: {
        keyid_hash_algorithms: ['sha256', 'sha512'],
        keytype: 'ecdsa',
        keyval: {
          public:
            '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEXsz3SZXFb8jMV42j6pJlyjbjR8K\nN3Bwocexq6LMIb5qsWKOQvLN16NUefLc4HswOoumRsVVaajSpQS6fobkRw==\n-----END PUBLIC KEY-----\n',
        },
        scheme: 'ecdsa-sha2-nistp256',
        'x-tuf-on-ci-keyowner': '@mnm678',
      },
    },
    roles: {
      root: {
        keyids: [
          'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
          '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
          '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
          'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
          '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
        ],
        threshold: 3,
      },
      snapshot: {
        keyids: ['0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5'],
        threshold: 1,
        'x-tuf-on-ci-expiry-period': 3650,
        'x-tuf-on-ci-signing-period': 365,
      },
      targets: {
        keyids: [
          'e71a54d543835ba86adad9460379c7641fb8726d164ea766801a1c522aba7ea2',
          '22f4caec6d8e6f9555af66b3d4c3cb06a3bb23fdc7e39c916c61f462e6f52b06',
          '61643838125b440b40db6942f5cb5a31c0dc04368316eb2aaa58b95904a58222',
          'a687e5bf4fab82b0ee58d46e05c9535145a2c9afb458f43d42b45ca0fdce2a70',
          '183e64f37670dc13ca0d28995a3053f3740954ddce44321a41e46534cf44e632',
        ],
        threshold: 3,
      },
      timestamp: {
        keyids: ['0c87432c3bf09fd99189fdc32fa5eaedf4e4a5fac7bab73fa04a2e0fc64af6f5'],
        threshold: 1,
        'x-tuf-on-ci-expiry-period': 7,
        'x-tuf-on-ci-signing-period': 6,
      },
    },
    spec_version: '1.0',
    version: 14,
    'x-tuf-on-ci-expiry-period': 197,
    'x-tuf-on-ci-signing-period': 46,
  },
};
