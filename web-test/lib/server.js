// Runs a real `earshot serve` from the CLI jar, on a free port unless told one.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JAR = process.env.EARSHOT_JAR ?? `${ROOT}earshot-cli/target/earshot.jar`;
const JAVA = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
const START_TIMEOUT_MS = 60000;
const LISTENING = /earshot listening on ws:\/\/[^:]+:(\d+)\//;

/**
 * Starts a server and resolves once it listens.
 * @param {{name: string, apiKey?: string, port?: number, env?: object, logDir: string}} options
 *   env: EARSHOT_* settings on top of this process's environment
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>, kill: () => Promise<void>}>}
 *   stop() asks it to shut down (SIGTERM); kill() ends it at once (SIGKILL), as a crash would
 */
export function startServer({ name, apiKey, port = 0, env = {}, logDir }) {
  // EARSHOT_JAVA_OPTIONS: as for the `earshot` launcher (scripts/test.sh sets it).
  const options = (process.env.EARSHOT_JAVA_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  const args = ['--enable-native-access=ALL-UNNAMED', ...options, '-jar', JAR, 'serve', '--port', String(port),
    '--shutdown-grace-seconds', '1'];
  if (apiKey) args.push('--api-key', apiKey);
  const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const log = createWriteStream(`${logDir}/server-${name}.log`, { flags: 'a' });
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const end = (signal) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server ${name} did not listen within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS);
    const fail = (error) => { clearTimeout(timer); child.kill('SIGKILL'); reject(error); };
    let out = '';
    child.stdout.on('data', (data) => {
      log.write(data);
      if (out === null) return; // already listening
      out += data;
      const match = LISTENING.exec(out);
      if (match) {
        clearTimeout(timer);
        const bound = Number(match[1]);
        out = null;
        resolve({ url: `http://127.0.0.1:${bound}/`, port: bound, stop: end('SIGTERM'), kill: end('SIGKILL') });
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`server ${name} exited (${code ?? signal}); see ${logDir}/server-${name}.log`)));
    child.once('error', fail);
  });
}
