/**
 * Installs the Debian packages the serving benchmark needs when they are missing: the FastAPI
 * peer's Python stack (including uvloop and httptools, which `uvicorn[standard]` would bring)
 * and wrk. Needs root and apt-get; otherwise it says what to install and stops.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const DEBIAN_PACKAGES = [
  'python3-fastapi', 'python3-uvicorn', 'python3-numpy', 'python3-onnx', 'python3-uvloop', 'python3-httptools', 'wrk',
  'nghttp2-client', // h2load, the gRPC load generator (grpc-load.ts)
];

function installed(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

export function ensureDebianPackages(): void {
  const missing = DEBIAN_PACKAGES.filter((p) => !installed(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} — run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  console.log(`installing ${missing.join(' ')} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

/** `name version` of an installed Debian package, for the report. */
export function debianVersion(pkg: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'not installed';
}
