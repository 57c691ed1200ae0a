import type { IncomingMessage, ServerResponse } from 'node:http';
import { toPem } from '../../src/core/pem.js';
import { SIGNER_ALGORITHMS, type Signer } from '../../src/kms/contract.js';
import { TimestampAuthority } from '../../src/tsa/authority.js';
import { TsaError } from '../../src/tsa/error.js';
import { parseJsonTimestampRequest, parseTimestampRequest } from '../../src/tsa/request.js';
import { rejectionResponse } from '../../src/tsa/status.js';
import type { Admission } from '../admission.js';
import type { ServerConfig } from '../config.js';
import { ServerError, mediaType, readBody, send } from '../http.js';
import type { Instance } from '../instance.js';
import type { Counter } from '../metrics.js';
import type { Endpoint } from '../router.js';

/** A JSON timestamp request is a digest and a few flags; upstream caps it at 1 KiB. */
export const TSA_MAX_JSON_BYTES = 1024;
/** A DER TimeStampReq is a digest, a nonce, a policy and rarely extensions. */
export const TSA_MAX_DER_BYTES = 4096;

const QUERY = 'application/timestamp-query';
const REPLY = 'application/timestamp-reply';

export interface TsaRoutes {
  timestamp(req: IncomingMessage, res: ServerResponse): Promise<void>;
  certChain(res: ServerResponse): void;
}

export function tsaRoutes(
  instance: Instance,
  config: ServerConfig,
  timestamps: Counter,
  /** `tsa.maxInFlight`. */
  admission: Admission,
  /**
   * The TSA key signing in the request verifier's workers, so that the event loop keeps HTTP
   * and DER assembly. Used when its hash is the TSA's signature hash (a P-256 key with the
   * default SHA-256); otherwise, and without it, timestamps are signed on the event loop.
   */
  poolSigner?: Signer,
): TsaRoutes {
  const authority = new TimestampAuthority({
    privateKey: instance.tsaKey,
    certChain: instance.tsaChain,
    policyOid: config.tsa.policyOid,
    acceptedPolicies: config.tsa.acceptedPolicies,
    accuracySeconds: config.tsa.accuracySeconds,
    includeChainInResponse: config.tsa.includeChain,
  });
  const signer =
    poolSigner && SIGNER_ALGORITHMS[poolSigner.algorithm].hash === authority.hashAlgorithm
      ? poolSigner
      : undefined;
  const chainPem = instance.tsaChain.map((der) => toPem('CERTIFICATE', der)).join('');

  return {
    timestamp(req, res) {
      return admission.run(
        req,
        () => timestamp(req, res),
        () => timestamps.inc({ outcome: 'pushback' }),
      );
    },

    certChain(res) {
      send(res, 200, chainPem, 'application/pem-certificate-chain');
    },
  };

  async function timestamp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = mediaType(req);
    if (type !== QUERY && type !== 'application/json') {
      throw new ServerError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${type || '(none)'} is not accepted; send ${QUERY} (DER TimeStampReq) or application/json`,
      );
    }
    const json = type === 'application/json';
    const body = await readBody(req, json ? TSA_MAX_JSON_BYTES : TSA_MAX_DER_BYTES);
    let response: Buffer;
    try {
      const request = json ? parseJsonTimestampRequest(body) : parseTimestampRequest(body);
      if (signer === undefined) response = authority.timestamp(request);
      else {
        const unsigned = authority.begin(request);
        response = unsigned.complete(await signer.sign(unsigned.toBeSigned));
      }
    } catch (error) {
      if (!(error instanceof TsaError) || !error.isRequestError) throw error;
      timestamps.inc({ outcome: 'rejected' });
      // DER clients get the RFC 3161 rejection (status, statusString, failInfo); JSON clients
      // read `message` from a JSON error body, as with upstream's TSA.
      if (!json) {
        send(res, 400, rejectionResponse(error), REPLY);
        return;
      }
      throw error;
    }
    timestamps.inc({ outcome: 'granted' });
    send(res, 200, response, REPLY);
  }
}

/** Timestamp clients read errors as `{code, message}`, as from upstream's TSA. */
export const TSA_ENDPOINTS: readonly Endpoint<TsaRoutes>[] = [
  {
    method: 'POST',
    path: '/api/v1/timestamp',
    name: 'timestamp',
    errorStyle: 'tsa',
    handle: (api, req, res) => api.timestamp(req, res),
  },
  {
    method: 'GET',
    path: '/api/v1/timestamp/certchain',
    name: 'timestamp_certchain',
    errorStyle: 'tsa',
    handle: (api, _req, res) => api.certChain(res),
  },
];
