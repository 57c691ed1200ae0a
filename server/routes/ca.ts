import type { IncomingMessage, ServerResponse } from 'node:http';
import { CaError } from '../../src/ca/error.js';
import type { FulcioApi, SigningRequestForm } from '../../src/ca/fulcio.js';
import { OidcError } from '../../src/oidc/error.js';
import type { IssuerRegistry } from '../../src/oidc/issuers.js';
import type { Admission } from '../admission.js';
import { beforeBody, readBody, requireMediaType, send, sendJson } from '../http.js';
import type { RequestVerifier } from '../verify-pool.js';
import { CERTIFICATE_JOB } from '../verify-worker.js';
import type { Logger } from '../logger.js';
import type { Counter } from '../metrics.js';
import type { Endpoint } from '../router.js';

export interface CaRoutes {
  signingCertificate(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Fulcio's legacy `POST /api/v1/signingCert`, which cosign v2 uses. */
  legacySigningCertificate(req: IncomingMessage, res: ServerResponse): Promise<void>;
  trustBundle(res: ServerResponse): void;
  rootCertificate(res: ServerResponse): void;
  configuration(res: ServerResponse): void;
}

/** Fulcio v1's media type for a PEM chain, leaf (if any) first. */
const PEM_CHAIN = 'application/pem-certificate-chain';

/** The unverified issuer of a refused token, for the log; never the token itself. */
function claimedIssuer(body: Buffer, authorization: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as {
      credentials?: { oidcIdentityToken?: unknown };
    } | null;
    const inBody = parsed?.credentials?.oidcIdentityToken;
    const token =
      typeof inBody === 'string' && inBody !== ''
        ? inBody
        : /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    return typeof payload?.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

export interface CaLimits {
  maxBodyBytes: number;
  /** `ca.maxInFlight`. */
  admission: Admission;
}

export function caRoutes(
  api: FulcioApi,
  /** Admits requests (token, identity, proof of possession), in worker threads when there are some. */
  verifier: RequestVerifier,
  registry: IssuerRegistry,
  limits: CaLimits,
  issued: Counter,
  logger: Logger,
): CaRoutes {
  const trustBundle = api.trustBundle();
  const rootCertificate = api.rootCertificate();
  const configuration = registry.configurationJson();
  const admitted = (req: IncomingMessage, res: ServerResponse, form: SigningRequestForm) =>
    limits.admission.run(
      req,
      () => issue(req, res, form),
      () => issued.inc({ result: 'pushback' }),
    );
  return {
    signingCertificate: (req, res) => admitted(req, res, 'v2'),
    legacySigningCertificate: (req, res) => admitted(req, res, 'v1'),
    trustBundle(res) {
      sendJson(res, 200, trustBundle);
    },
    rootCertificate(res) {
      send(res, 200, rootCertificate, PEM_CHAIN);
    },
    configuration(res) {
      sendJson(res, 200, configuration);
    },
  };

  async function issue(
    req: IncomingMessage,
    res: ServerResponse,
    form: SigningRequestForm,
  ): Promise<void> {
    requireMediaType(req, ['application/json']);
    beforeBody(req, () => verifier.shedIfBusy(CERTIFICATE_JOB[form]));
    const body = await readBody(req, limits.maxBodyBytes);
    try {
      const result = await api.issue(await verifier.admit(body, req.headers.authorization, form));
      issued.inc({ result: 'issued' });
      logger.info('certificate issued', {
        serial: result.serial.toString('hex'),
        identity: result.identity.san.value,
        issuer: result.identity.issuer,
        api: form,
      });
      // Fulcio's v1 gateway answers 201 Created, and cosign v2 accepts nothing else.
      if (form === 'v1') send(res, 201, result.pemChain, PEM_CHAIN);
      else sendJson(res, 200, result.response);
    } catch (error) {
      if (error instanceof OidcError || error instanceof CaError) {
        issued.inc({ result: error.code.toLowerCase() });
        logger.info('certificate refused', {
          code: error.code,
          reason: error.message,
          issuer: claimedIssuer(body, req.headers.authorization),
        });
      }
      throw error;
    }
  }
}

export const CA_ENDPOINTS: readonly Endpoint<CaRoutes>[] = [
  {
    method: 'POST',
    path: '/api/v2/signingCert',
    name: 'signing_cert',
    handle: (api, req, res) => api.signingCertificate(req, res),
  },
  {
    method: 'GET',
    path: '/api/v2/trustBundle',
    name: 'trust_bundle',
    handle: (api, _req, res) => api.trustBundle(res),
  },
  {
    method: 'POST',
    path: '/api/v1/signingCert',
    name: 'signing_cert_v1',
    handle: (api, req, res) => api.legacySigningCertificate(req, res),
  },
  {
    method: 'GET',
    path: '/api/v1/rootCert',
    name: 'root_cert',
    handle: (api, _req, res) => api.rootCertificate(res),
  },
  {
    method: 'GET',
    path: '/api/v2/configuration',
    name: 'configuration',
    handle: (api, _req, res) => api.configuration(res),
  },
];
