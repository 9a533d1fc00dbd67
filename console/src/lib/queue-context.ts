// The queue the reviewer came from, so the profile page's "next profile" (key n) continues in it.
export interface QueueContext {
  clientId: string;
  status: string;
  reasonCode: string;
  refIds: string[];
}

let current: QueueContext | null = null;

export function rememberQueue(context: QueueContext): void {
  current = context;
}

export function lastQueue(clientId: string): QueueContext | null {
  return current !== null && current.clientId === clientId ? current : null;
}
