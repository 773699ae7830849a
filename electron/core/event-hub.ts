// The core's typed event source: contract events to every host that subscribed (IPC, HTTP SSE,
// the customer display, Caisse-AP). A listener that throws never stops the others.
import type { EventName, EventPayload } from '../common/contract';
import type { Logger, Unsubscribe } from './ports';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();

  constructor(private readonly log?: Logger) {}

  on<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => {
      set.delete(listener as Listener<never>);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<E>)(payload);
      } catch (error) {
        this.log?.error('event listener failed', { event, error: String(error) });
      }
    }
  }
}
