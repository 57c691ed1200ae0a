import { canonicalDsse } from './dsse.js';
import { HASHEDREKORD_V1, canonicalizeHashedRekord } from './hashedrekord.js';
import { canonicalIntotoV001, canonicalIntotoV002 } from './intoto.js';
import type { V1Kinds } from './kinds.js';

/** The entry kinds and apiVersions the Rekor v1 log accepts. */
export const REKOR_V1_KINDS: V1Kinds = {
  [HASHEDREKORD_V1.kind]: { [HASHEDREKORD_V1.apiVersion]: canonicalizeHashedRekord },
  dsse: { '0.0.1': canonicalDsse },
  intoto: { '0.0.1': canonicalIntotoV001, '0.0.2': canonicalIntotoV002 },
};
