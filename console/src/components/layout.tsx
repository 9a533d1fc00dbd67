import { useEffect, useRef, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useSession, useMe } from "../auth/session";

/** The frame of every signed-in page: skip link, header with navigation, and the page's main region. */
export function Layout({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const me = useMe();
  const { signOut } = useSession();
  const [location] = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · kyc-attest console`;
  }, [title]);
  // After client-side navigation, move focus to the new page's heading (as a full page load would).
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [location]);
  const nav: [string, string][] =
    me.role === "operator"
      ? [
          ["/", "Services"],
          ["/jobs", "Jobs & chain"],
          ["/support", "Support"],
        ]
      : [["/", "My service"]];
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">kyc-attest console</span>
        <nav aria-label="Main">
          <ul>
            {nav.map(([href, label]) => (
              <li key={href}>
                <Link
                  href={href}
                  aria-current={
                    (href === "/" ? location === "/" : location.startsWith(href)) ? "page" : undefined
                  }
                >
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {me.role === "operator" ? "Operator" : "Customer reviewer"}: <strong>{me.name}</strong>
        </span>
        <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <main id="main">
        <div className="page-head">
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {actions ? <div className="page-actions">{actions}</div> : null}
        </div>
        {children}
      </main>
    </>
  );
}
