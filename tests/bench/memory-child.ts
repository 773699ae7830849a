// The companion core and its local API in a process of their own, started with --expose-gc, for
// the memory part's second curve: the live heap after a full collection, every N payments, on the
// same load as the host's RSS curve (create on the local API, the customer pays, validated
// awaited). What a leak would show, apart from how lazily V8 collects what is already garbage.
//   node --expose-gc --import tsx tests/bench/memory-child.ts <platformUrl> <dataDir> <payments> <every> <walletId>
// Prints one JSON line: [{ payments, heapMb, rssMb }].
import type { Operation } from '../../electron/common/contract';
import { startHttpHost } from '../../electron/host/http-host';
import { loginDemo, payAsCustomer, startTestCompanion } from '../support/companion';

async function main(): Promise<void> {
  const [platformUrl, dataDir, paymentsText, everyText, walletId] = process.argv.slice(2);
  if (!platformUrl || !dataDir || !paymentsText || !everyText || !walletId || !global.gc) throw new Error('usage: node --expose-gc … memory-child.ts <platformUrl> <dataDir> <payments> <every> <walletId>');
  const payments = Number(paymentsText);
  const every = Number(everyText);
  const companion = await startTestCompanion({ platformUrl, dataDir, timing: { requestTimeoutMs: 8_000, pollIntervalMs: 500, reconnectMinMs: 250, reconnectMaxMs: 5_000 } });
  const host = await startHttpHost({ companion, cashierToken: 'memory-child', displayToken: 'memory-child-display' });
  await loginDemo(companion);
  const samples: Array<{ payments: number; heapMb: number; rssMb: number }> = [];
  const sample = (done: number) => {
    global.gc!();
    global.gc!();
    const usage = process.memoryUsage();
    samples.push({ payments: done, heapMb: usage.heapUsed / 1e6, rssMb: usage.rss / 1e6 });
  };
  try {
    sample(0);
    const validated = new Map<string, () => void>();
    companion.on('payment.updated', (operation) => {
      if (operation.status === 'validated') validated.get(operation.id)?.();
    });
    let next = 0;
    let done = 0;
    const till = async () => {
      for (let i = next++; i < payments; i = next++) {
        const response = await fetch(`${host.url}/api/payments.create`, {
          method: 'POST',
          headers: { authorization: 'Bearer memory-child', 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 100 + (i % 9_000), basketNumber: `HEAP${String(i).padStart(6, '0')}` }),
        });
        const body = (await response.json()) as { ok: boolean; value: Operation };
        if (!body.ok) throw new Error(`payments.create: ${JSON.stringify(body)}`);
        const paid = new Promise<void>((resolve) => validated.set(body.value.id, resolve));
        await payAsCustomer(platformUrl, body.value.qrPayload!, body.value.amountRequested, walletId);
        await paid;
        validated.delete(body.value.id);
        done += 1;
        if (done % every === 0) sample(done);
      }
    };
    await Promise.all(Array.from({ length: 4 }, till));
  } finally {
    await host.close();
    await companion.close();
  }
  process.stdout.write(`${JSON.stringify(samples)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
