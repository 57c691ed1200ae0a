import type { BundleJson } from '../bundle/bundle.js';
import {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_V1,
  type InTotoStatement,
} from '../bundle/intoto.js';
import { toBase64 } from '../core/base64.js';
import { pae } from '../tlog/rekor.js';
import { SignError } from './error.js';
import { type BundleKind, type RunOptions, type RunResult, signRun } from './run.js';

/**
 * Signs in-toto statements v1 as DSSE envelopes (payloadType application/vnd.in-toto+json),
 * one Sigstore bundle v0.3 per statement and half (src/sign/run.ts): the signature is over
 * the envelope's PAE and logged as a hashedrekord of SHA-256(PAE), the Rekor v2 form that
 * sigstore-go and @sigstore/verify 4 rebuild. Image signatures and attestations both go
 * through here.
 */

export interface StatementToSign {
  /** Names the subject in messages (a file path, an oci:// reference). */
  name: string;
  statement: InTotoStatement;
}

export interface SignedStatement {
  name: string;
  kind: BundleKind;
  statement: InTotoStatement;
  /** A bundle whose content is `dsseEnvelope`. */
  bundle: BundleJson;
}

export interface SignStatementsOptions extends RunOptions<SignedStatement> {
  statements: readonly StatementToSign[];
}

export async function signStatements(
  options: SignStatementsOptions,
): Promise<RunResult<SignedStatement>> {
  const { statements } = options;
  if (statements.length === 0) throw new SignError('OPTIONS_INVALID', 'no statements to sign');
  for (const { name, statement } of statements) checkStatement(name, statement);
  // Serialised once, so that both halves sign the same bytes.
  const payloads = statements.map(({ statement }) => Buffer.from(JSON.stringify(statement)));
  return signRun(
    payloads.map((payload, i) => ({
      name: (statements[i] as StatementToSign).name,
      signed: pae(IN_TOTO_PAYLOAD_TYPE, payload),
      content: (signature) => ({
        dsseEnvelope: {
          payload: toBase64(payload),
          payloadType: IN_TOTO_PAYLOAD_TYPE,
          signatures: [{ sig: toBase64(signature) }],
        },
      }),
    })),
    options,
    (index, kind, bundle) => {
      const { name, statement } = statements[index] as StatementToSign;
      return { name, kind, statement, bundle };
    },
  );
}

/** The statement fields a verifier relies on, checked before anything is signed or logged. */
function checkStatement(name: string, statement: InTotoStatement): void {
  const invalid = (why: string): SignError =>
    new SignError('STATEMENT_INVALID', `the in-toto statement for ${name} ${why}`);
  if (statement._type !== IN_TOTO_STATEMENT_V1) {
    throw invalid(`has _type ${JSON.stringify(statement._type)}, not ${IN_TOTO_STATEMENT_V1}`);
  }
  if (!Array.isArray(statement.subject) || statement.subject.length === 0) {
    throw invalid('has no subject');
  }
  for (const [i, subject] of statement.subject.entries()) {
    const digests = Object.entries(subject?.digest ?? {});
    if (digests.length === 0) throw invalid(`has subject ${i} without a digest`);
    for (const [algorithm, value] of digests) {
      if (typeof value !== 'string' || !/^[0-9a-f]+$/.test(value)) {
        throw invalid(`has subject ${i} whose ${algorithm} digest is not lowercase hex`);
      }
    }
  }
  if (typeof statement.predicateType !== 'string' || statement.predicateType === '') {
    throw invalid('has no predicateType');
  }
  if (
    typeof statement.predicate !== 'object' ||
    statement.predicate === null ||
    Array.isArray(statement.predicate)
  ) {
    throw invalid('has a predicate that is not an object');
  }
}
