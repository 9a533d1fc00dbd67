import { lazy, Suspense } from "react";
import { Redirect, Route, Router, Switch } from "wouter";
import { SessionProvider, useSession } from "./auth/session";
import { ToastProvider } from "./components/toast";
import { Skeleton } from "./components/states";
import { SignInPage } from "./pages/sign-in";
import { CognitoCallbackPage } from "./pages/cognito-callback";

// Signed-in pages load on demand: the sign-in page is the first paint and stays small.
const ServicesPage = lazy(() => import("./pages/services"));
const QueuePage = lazy(() => import("./pages/queue"));
const ProfilePage = lazy(() => import("./pages/profile"));
const QaPage = lazy(() => import("./pages/qa"));
const JobsPage = lazy(() => import("./pages/jobs"));
const SupportPage = lazy(() => import("./pages/support"));
const TicketPage = lazy(() => import("./pages/ticket"));

export const BASE = "/console";

function PageFallback() {
  return (
    <main id="main" className="page-loading">
      <Skeleton lines={6} height={28} label="Loading the page" />
    </main>
  );
}

function Routes() {
  const { me } = useSession();
  if (me === undefined) return <PageFallback />;
  if (me === null) {
    // Cognito sends the operator back to the console's root URL (its redirect URI) with ?code&state.
    const search = new URLSearchParams(window.location.search);
    if ((search.has("code") && search.has("state")) || search.has("error")) return <CognitoCallbackPage />;
    return (
      <Switch>
        <Route path="/auth/callback" component={CognitoCallbackPage} />
        <Route path="/sign-in" component={SignInPage} />
        <Route>
          <Redirect to="/sign-in" replace />
        </Route>
      </Switch>
    );
  }
  const operator = me.role === "operator";
  return (
    <Suspense fallback={<PageFallback />}>
      <Switch>
        <Route path="/sign-in">
          <Redirect to="/" replace />
        </Route>
        <Route path="/auth/callback">
          <Redirect to="/" replace />
        </Route>
        <Route path="/" component={ServicesPage} />
        <Route path="/services/:clientId/queue/:status?" component={QueuePage} />
        <Route path="/services/:clientId/profiles/:refId" component={ProfilePage} />
        {operator ? <Route path="/services/:clientId/qa" component={QaPage} /> : null}
        {operator ? <Route path="/jobs" component={JobsPage} /> : null}
        {operator ? <Route path="/support" component={SupportPage} /> : null}
        {operator ? <Route path="/support/:clientId/:ticketId" component={TicketPage} /> : null}
        <Route>
          <main id="main" className="not-found">
            <h1>Not found</h1>
            <p>
              There is no such page{operator ? "" : " for a customer reviewer"}.{" "}
              <a href={`${BASE}/`}>Back to the start</a>
            </p>
          </main>
        </Route>
      </Switch>
    </Suspense>
  );
}

export function App() {
  return (
    <Router base={BASE}>
      <ToastProvider>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </ToastProvider>
    </Router>
  );
}
