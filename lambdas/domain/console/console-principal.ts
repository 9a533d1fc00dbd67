/**
 * Who is signed in to the console. Operators work every managed service (the CLI's plan gating
 * applies to each request); a customer reviewer is held to the one service its review key belongs to.
 */
export type ConsolePrincipal =
  | { readonly role: "operator"; readonly name: string }
  | { readonly role: "customer"; readonly name: string; readonly clientId: string };

export type ConsoleRole = ConsolePrincipal["role"];
