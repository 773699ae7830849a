// The sandbox platform as its own process (`npm run sandbox`), for measurements where sharing a
// Node thread with the companion would distort the figures.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface SandboxProcess {
  url: string;
  stop(): Promise<void>;
}

export async function spawnSandbox(args: string[]): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/sandbox/cli.ts', '--port', '0', ...args], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`sandbox did not start:\n${output}`)), 20_000);
    const look = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        ready(match[1]!);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`sandbox exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
