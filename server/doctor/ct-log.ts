import { type KeyObject, createPublicKey } from 'node:crypto';
import { toBase64 } from '../../src/core/base64.js';
import { noteVerifier, parseNote } from '../../src/core/note.js';
import { logIdOf } from '../../src/ct/sct.js';
import { parseCheckpointText, verifyCheckpoint } from '../../src/tlog/checkpoint.js';
import { readText } from '../ceremony.js';
import type { ServerConfig } from '../config.js';
import { getJson, getText } from './http.js';
import { at, bytesAt } from './json.js';
import { FILES, type OnDisk, keyType } from './keys.js';
import { type DoctorCheck, type Finding, checksOf, messageOf } from './report.js';

/** The CT log run elsewhere, which a CA without the ct role submits its precertificates to. */

const { check, verdict } = checksOf('ct-log');

/**
 * The CT log a CA without the ct role submits to, as the config names it (service.ts reads the
 * same two settings); `key` is absent when ct.publicKey could not be read.
 */
export interface ExternalCt {
  url: string;
  keyPath: string;
  key?: KeyObject;
}

/** The external CT log, when the config has one in effect: the service uses it only then. */
export function externalCtOf(config: ServerConfig): ExternalCt | undefined {
  if (!config.roles.includes('ca') || config.roles.includes('ct')) return undefined;
  // validateRoles refuses this combination without both settings.
  return {
    url: (config.ct.url as string).replace(/\/+$/, ''),
    keyPath: config.ct.publicKey as string,
  };
}

/** Reads ct.publicKey as the service does at start, and keeps the key in `external.key`. */
export async function readExternalCtKey(external: ExternalCt): Promise<DoctorCheck> {
  const name = 'ct.publicKey';
  let pem: string;
  try {
    pem = await readText(external.keyPath, 'CT log public key');
  } catch (error) {
    return check(name, 'fail', `${messageOf(error)}; the service cannot start without it`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    return check(
      name,
      'fail',
      `${external.keyPath} is not a PEM public key: ${messageOf(error)}; the service cannot start with it`,
    );
  }
  external.key = key;
  return check(
    name,
    'ok',
    `${external.keyPath}: ${keyType(key)} key for the CT log at ${external.url}, log ID ${toBase64(logIdOf(key))}`,
  );
}

/**
 * The external log live: it must accept chains to this instance's root, or every certificate
 * request fails with 503; its checkpoint, signed by ct.publicKey, tells the key is the log's.
 */
export async function checkExternalCtLog(
  external: ExternalCt,
  disk: OnDisk,
  timeoutMs: number,
): Promise<DoctorCheck[]> {
  const rootsUrl = `${external.url}/ct/v1/get-roots`;
  const checkpointUrl = `${external.url}/ct/checkpoint`;
  const [roots, checkpoint] = await Promise.all([
    getJson(rootsUrl, timeoutMs),
    getText(checkpointUrl, timeoutMs),
  ]);
  const findings: Finding[] = [];
  const certificates = 'error' in roots ? undefined : at(roots.json, 'certificates');
  if ('error' in roots) findings.push({ status: 'fail', text: roots.error });
  else if (!Array.isArray(certificates)) {
    findings.push({ status: 'fail', text: `${rootsUrl} answered without a certificates list` });
  } else if (disk.rootCert === undefined) {
    findings.push({
      status: 'warn',
      text: `${rootsUrl} not compared with ${FILES.rootCert}, which could not be read (see above)`,
    });
  } else {
    const root = disk.rootCert.der;
    const listed = certificates.some((c) => {
      const der = bytesAt(c, 'certificate');
      return typeof der !== 'string' && der.equals(root);
    });
    findings.push(
      listed
        ? {
            status: 'ok',
            text: `${rootsUrl} lists ${FILES.rootCert} among ${certificates.length} accepted roots`,
          }
        : {
            status: 'fail',
            text: `${rootsUrl} does not list ${FILES.rootCert} among its ${certificates.length} accepted roots: the log refuses this CA's precertificates, so every certificate request fails; add the root to the CT log's ct.acceptedRoots and restart it`,
          },
    );
  }
  if ('error' in checkpoint) {
    findings.push({ status: 'warn', text: `checkpoint not read: ${checkpoint.error}` });
  } else findings.push(checkpointFinding(checkpoint.text, checkpointUrl, external));
  return [verdict(`CT log ${external.url}`, findings, true)];
}

function checkpointFinding(note: string, url: string, external: ExternalCt): Finding {
  let text: string;
  try {
    text = parseNote(note).text;
  } catch (error) {
    return { status: 'fail', text: `${url} is not a signed note: ${messageOf(error)}` };
  }
  if (external.key === undefined) {
    try {
      const { size } = parseCheckpointText(text);
      return { status: 'ok', text: `tree size ${size} (signature not checked: see ct.publicKey)` };
    } catch (error) {
      return { status: 'fail', text: `${url} is not a checkpoint: ${messageOf(error)}` };
    }
  }
  try {
    // The note is signed under the log's origin, its first line: the key is what is checked.
    const origin = text.slice(0, text.indexOf('\n'));
    const { size } = verifyCheckpoint(note, [noteVerifier(origin, external.key)]);
    return { status: 'ok', text: `tree size ${size}, checkpoint signed by ct.publicKey` };
  } catch (error) {
    return {
      status: 'fail',
      text: `${url} does not verify with ct.publicKey ${external.keyPath}: ${messageOf(error)}; SCTs from this log will not verify either`,
    };
  }
}
