import { z } from 'zod';

/** Renderer -> server frame of the WebSocket transport. */
export const ClientFrame = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  request: z.unknown(),
});
