import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readIdentity } from '../../src/ca/extensions.js';
import { parsePem } from '../../src/core/pem.js';
import { parseCertificate } from '../../src/core/x509.js';
import { type TestIssuer, startTestIssuer } from '../helpers/oidc.js';
import { type TestService, startTestService } from '../helpers/server.js';
import { requestCertificate } from './signing-cert.js';

/**
 * A github-workflow issuer that is neither github.com, a GHE.com tenant nor GHES under
 * /_services/token has no web URL the CA can derive: it must be configured, and without it the
 * service does not start (it once put https://github.com in such certificates).
 */

let issuer: TestIssuer;

before(async () => {
  issuer = await startTestIssuer({ keyType: 'ec', keyCount: 1 });
});

after(() => issuer?.close());

describe('a github-workflow issuer that is not GitHub', () => {
  it('stops start-up, naming the issuer and the setting to add', async () => {
    await assert.rejects(
      startTestService({
        identity: { 'oidc-issuers': { [issuer.url]: { type: 'github-workflow' } } },
      }),
      (error: unknown) => {
        const message = (error as Error).message;
        assert.ok(message.includes(`oidc-issuers[${JSON.stringify(issuer.url)}]`), message);
        assert.match(
          message,
          /set ci-issuer-metadata\.github-workflow\.default-template-values\.url to the instance's web URL/,
        );
        return true;
      },
    );
  });

  describe('with ci-issuer-metadata naming its web URL', () => {
    let service: TestService;
    before(async () => {
      service = await startTestService({
        identity: {
          'oidc-issuers': { [issuer.url]: { type: 'github-workflow' } },
          'ci-issuer-metadata': {
            'github-workflow': { 'default-template-values': { url: 'https://ci.example.com' } },
          },
        },
      });
    });
    after(() => service?.dispose());

    it('puts that URL in the SAN and every URL extension, never github.com', async () => {
      const claims = issuer.githubClaims();
      const response = await requestCertificate(
        service.url,
        await issuer.mint(claims),
        String(claims.sub),
      );
      const body = response.json as {
        signedCertificateEmbeddedSct?: { chain: { certificates: string[] } };
      };
      assert.equal(response.status, 200, response.message);
      const pem = body.signedCertificateEmbeddedSct?.chain.certificates[0] ?? '';
      const identity = readIdentity(
        parseCertificate(parsePem(pem, 'CERTIFICATE')[0]?.der as Buffer),
      );
      const signer = `https://ci.example.com/${claims.job_workflow_ref as string}`;
      assert.deepEqual(identity.san, { type: 'uri', value: signer });
      assert.equal(identity.buildSignerUri, signer);
      assert.equal(identity.sourceRepositoryUri, 'https://ci.example.com/octo-org/octo-repo');
      assert.equal(identity.sourceRepositoryOwnerUri, 'https://ci.example.com/octo-org');
      assert.match(
        identity.runInvocationUri ?? '',
        /^https:\/\/ci\.example\.com\/octo-org\/octo-repo\/actions\/runs\//,
      );
      assert.ok(!JSON.stringify(identity).includes('github.com'), JSON.stringify(identity));
    });
  });
});
