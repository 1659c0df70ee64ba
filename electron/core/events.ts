import type { EventChannel, EventOf } from '../../shared/ipc/contract';

/** Receives every event of the contract that main pushes to renderers. */
export type EventListener = <E extends EventChannel>(event: E, payload: EventOf<E>) => void;

/** Fans main's push events out to every connected renderer, whatever its transport. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Subscribes to all events; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Publishes one event to every subscriber. */
  publish<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
