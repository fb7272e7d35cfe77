/**
 * What a capability's admin routes see of HTTP: a small interface owned by the host, so dialogs
 * never import express (the host passes its express router, which has this shape). Routes are
 * mounted under /admin behind the admin token; `res.locals.operator` names the token's holder.
 */

/** The parts of a request an admin route reads. */
export interface AdminRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** The parts of a response an admin route writes. */
export interface AdminResponse {
  locals: Record<string, unknown>;
  status(code: number): AdminResponse;
  json(body: unknown): unknown;
}

/** One route's handler; a thrown HttpError becomes its status and reason. */
export type AdminHandler = (req: AdminRequest, res: AdminResponse) => unknown;

/** Where a capability declares its admin routes. */
export interface AdminRouter {
  get(path: string, handler: AdminHandler): unknown;
  post(path: string, handler: AdminHandler): unknown;
  put(path: string, handler: AdminHandler): unknown;
  delete(path: string, handler: AdminHandler): unknown;
}
