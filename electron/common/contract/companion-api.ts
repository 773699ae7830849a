// `window.companion`, built from the contract for the preloads and the browser bridge.
import { CHANNELS, isEventName, type Channel, type ChannelInput, type ChannelResult, type EventName, type EventPayload } from './channels';
import type { Result } from './errors';

// ---- the page-side API, generated from the contract ----------------------------------------

type GroupOf<C extends string> = C extends `${infer G}.${string}` ? G : never;
type MethodOf<C extends string, G extends string> = C extends `${G}.${infer M}` ? M : never;
export type ChannelGroup = GroupOf<Channel>;

/** `window.companion`: `companion.payments.create({...})`, `companion.on('payment.updated', fn)`. */
export type CompanionApi = {
  [G in ChannelGroup]: {
    [M in MethodOf<Channel, G>]: `${G}.${M}` extends infer C extends Channel
      ? (input: ChannelInput<C>) => Promise<Result<ChannelResult<C>>>
      : never;
  };
} & {
  /** Subscribes to a contract event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/**
 * Builds the nested `companion` object from a transport (Electron IPC or HTTP). The transport
 * receives only names that exist in the contract.
 */
export function buildCompanionApi(transport: {
  invoke(channel: Channel, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}): CompanionApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    api[group] ??= {};
    api[group][method] = (input: unknown) => transport.invoke(channel, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    return transport.subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as CompanionApi;
}
