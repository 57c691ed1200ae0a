import assert from 'node:assert/strict';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { loadConfig, parseListen, storageOf } from '../../server/config.js';
import { FILES } from '../../server/doctor/keys.js';
import { SERVICE_ENDPOINTS } from '../../server/routes/service.js';
import { tempDir } from '../helpers/server.js';
import { repoRoot } from '../helpers/vectors.js';

/**
 * deploy/: every Kubernetes manifest parses, and its parts fit together and fit the service:
 * probes on paths the service answers, the port it listens on, the config file and key files
 * it reads from the Secrets, the init Job running init, selectors that select the pods.
 */

type Manifest = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  stringData?: Record<string, string>;
};

const dir = join(repoRoot(), 'deploy', 'kubernetes');
const manifests: Manifest[] = [];
let scratch: string;

const one = (kind: string, name?: string): Manifest => {
  const found = manifests.filter(
    (m) => m.kind === kind && (name === undefined || m.metadata.name === name),
  );
  assert.equal(found.length, 1, `one ${kind} ${name ?? ''}`);
  return found[0] as Manifest;
};

interface Container {
  name: string;
  args?: string[];
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes: { name: string; secret?: { secretName: string }; emptyDir?: object }[];
  securityContext?: { runAsNonRoot?: boolean };
}

/** The value after `flag` in a container's arguments. */
const argOf = (container: Container, flag: string): string | undefined => {
  const args = container.args ?? [];
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
};

/** The Secret mounted at the directory holding `path` in `pod`, with the file's name in it. */
function secretFileAt(pod: PodSpec, container: Container, path: string): [Manifest, string] {
  const mount = container.volumeMounts
    .filter((m) => path.startsWith(`${m.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  assert.ok(mount, `nothing is mounted where ${path} is`);
  const volume = pod.volumes.find((v) => v.name === mount.name);
  assert.ok(volume?.secret, `${mount.mountPath} is not a Secret`);
  return [one('Secret', volume.secret.secretName), path.slice(mount.mountPath.length + 1)];
}

describe('deploy/kubernetes', () => {
  before(async () => {
    scratch = await tempDir();
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
        assert.deepEqual(doc.errors, [], `${file} parses`);
        manifests.push(doc.toJS() as Manifest);
      }
    }
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  it('has the Deployment of 3, Service, Secrets, init Job and PodDisruptionBudget', () => {
    assert.deepEqual([...new Set(manifests.map((m) => m.kind))].sort(), [
      'Deployment',
      'Job',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
    assert.equal(one('Deployment').spec.replicas, 3);
    for (const m of manifests)
      assert.equal(m.metadata.labels?.['app.kubernetes.io/name'], 'signet');
  });

  it('probes paths the service answers, on the port it listens on', async () => {
    const pod = one('Deployment').spec.template.spec as PodSpec;
    const server = pod.containers[0] as Container;
    const paths = SERVICE_ENDPOINTS.map((e) => e.path);
    assert.equal(server.readinessProbe?.httpGet.path, '/readyz');
    assert.equal(server.livenessProbe?.httpGet.path, '/healthz');
    for (const probe of [server.readinessProbe, server.livenessProbe]) {
      assert.ok(paths.includes(probe?.httpGet.path as string));
      assert.ok(server.ports?.some((p) => p.name === probe?.httpGet.port));
    }
    const [secret, file] = secretFileAt(pod, server, argOf(server, '--config') as string);
    const path = join(scratch, file);
    await writeFile(path, secret.stringData?.[file] as string);
    const config = await loadConfig(path, {});
    assert.equal(parseListen(config.listen).port, server.ports?.[0]?.containerPort);
    assert.equal(storageOf(config.storage).kind, 'postgres');
    assert.ok(config.publicUrl, 'a public URL: the listen address is a wildcard');
    assert.equal(pod.securityContext?.runAsNonRoot, true);
  });

  it('mounts as keys/ a Secret of exactly the key files the service reads', () => {
    for (const kind of ['Deployment', 'Job']) {
      const pod = one(kind).spec.template.spec as PodSpec;
      const container = pod.containers[0] as Container;
      const dataDir = argOf(container, '--data-dir') as string;
      const [secret] = secretFileAt(pod, container, `${dataDir}/keys/log.key.pem`);
      const wanted = Object.entries(FILES)
        .filter(([name, path]) => path.startsWith('keys/') && name !== 'rootKey')
        .map(([, path]) => basename(path));
      const given = Object.keys(secret.stringData ?? {});
      for (const file of wanted)
        assert.ok(given.includes(file), `${kind}: ${file} in ${secret.metadata.name}`);
      // Besides them only the TUF keys the service signs with; never the offline root CA key.
      assert.deepEqual(given.filter((f) => !wanted.includes(f)).sort(), [
        'tuf-online.key.pem',
        'tuf-targets.key.pem',
      ]);
      // The seed copies the instance file and the first TUF root where the service reads them.
      const seed = pod.initContainers?.[0] as Container;
      const script = seed.args?.join(' ') ?? '';
      const [instance] = secretFileAt(pod, seed, '/seed/signet.json');
      for (const [file, target] of [
        ['signet.json', `${dataDir}/${FILES.metadata}`],
        ['1.root.json', `${dataDir}/tuf/1.root.json`],
      ] as const) {
        assert.ok(file in (instance.stringData ?? {}), file);
        assert.match(script, new RegExp(`cp /seed/${file.replace('.', '\\.')} ${target}`));
      }
    }
  });

  it('runs init in the Job, serve in the Deployment, with one config', () => {
    const job = one('Job').spec.template.spec as PodSpec;
    const deployment = one('Deployment').spec.template.spec as PodSpec;
    const init = job.containers[0] as Container;
    const serve = deployment.containers[0] as Container;
    assert.equal(init.args?.[0], 'init');
    assert.equal(serve.args?.[0], 'serve');
    for (const flag of ['--config', '--data-dir'])
      assert.equal(argOf(init, flag), argOf(serve, flag), flag);
    assert.equal(job.volumes.find((v) => v.name === 'data')?.emptyDir !== undefined, true);
  });

  it('selects the Deployment pods from the Service and the PodDisruptionBudget', () => {
    const labels = one('Deployment').spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>): boolean =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    assert.ok(selects(one('Deployment').spec.selector.matchLabels));
    assert.ok(selects(one('Service').spec.selector));
    const budget = one('PodDisruptionBudget').spec;
    assert.ok(selects(budget.selector.matchLabels));
    assert.ok(budget.minAvailable >= 1 && budget.minAvailable < one('Deployment').spec.replicas);
    const jobLabels = one('Job').spec.template.metadata.labels as Record<string, string>;
    assert.ok(!Object.entries(one('Service').spec.selector).every(([k, v]) => jobLabels[k] === v));
    const port = one('Service').spec.ports[0];
    const server = (one('Deployment').spec.template.spec as PodSpec).containers[0] as Container;
    assert.ok(server.ports?.some((p) => p.name === port.targetPort));
  });
});

describe('deploy/Containerfile', () => {
  it('runs signet-server serve as a non-root user on node 24 slim', async () => {
    const text = await readFile(join(repoRoot(), 'deploy', 'Containerfile'), 'utf8');
    const from = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    assert.ok(from.length > 0 && from.every((image) => /node:24-slim$/.test(image as string)));
    const users = [...text.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    assert.ok(users.length > 0 && !['root', '0'].includes(users.at(-1) as string));
    assert.match(text, /^ENTRYPOINT \["node", "\/app\/bin\/signet-server\.js"\]$/m);
    assert.match(text, /^CMD \["serve",/m);
    // What it compiles is what bin/signet-server.js loads.
    const bin = await readFile(join(repoRoot(), 'bin', 'signet-server.js'), 'utf8');
    assert.match(bin, /'\.\.\/build\/server\/main\.js'/);
    const tsconfig = JSON.parse(
      await readFile(join(repoRoot(), 'deploy', 'tsconfig.image.json'), 'utf8'),
    ) as { include: string[]; compilerOptions: { outDir: string } };
    assert.ok(
      tsconfig.include.includes('../server') && tsconfig.compilerOptions.outDir === '../build',
    );
  });
});
