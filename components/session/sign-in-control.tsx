'use client';

import { useState, type FormEvent } from 'react';
import { signIn, signOut } from '@/lib/client/admin-requests';
import { useAdmin } from './admin-store-provider';

const BUTTON = 'rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * The header's session control. The token lives only in the (uncontrolled) password field: it is read
 * at submit, posted once, and the field is cleared before the answer arrives. The server keeps the
 * session in an httpOnly cookie that no script can read.
 */
export function SignInControl() {
  const session = useAdmin((s) => s.session);
  const setSession = useAdmin((s) => s.setSession);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (!session) return <span className="text-sm text-zinc-500">session…</span>;

  if (!session.writesEnabled) {
    return (
      <span
        className="text-sm text-zinc-600 dark:text-zinc-300"
        data-testid="session-readonly"
        title="Start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable changes"
      >
        read-only (no admin token configured)
      </span>
    );
  }

  if (session.signedInAs) {
    const leave = async () => {
      setPending(true);
      const result = await signOut();
      setPending(false);
      setError(result.ok ? null : result.message);
      if (result.ok) setSession(result.data);
    };
    return (
      <span className="flex items-center gap-2 text-sm">
        <span data-testid="signed-in-as">
          ✓ signed in as <strong>{session.signedInAs}</strong>
        </span>
        <button type="button" className={BUTTON} data-testid="sign-out" disabled={pending} onClick={() => void leave()}>
          Sign out
        </button>
        {error ? <ErrorText text={error} /> : null}
      </span>
    );
  }

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const token = String(new FormData(form).get('token') ?? '');
    form.reset();
    if (!token.trim()) return setError('Enter the admin token.');
    setPending(true);
    setError(null);
    const result = await signIn(token);
    setPending(false);
    if (result.ok) setSession(result.data);
    else setError(result.status === 401 ? 'That is not the admin token.' : result.message);
  };

  return (
    <form className="flex flex-wrap items-center gap-2 text-sm" onSubmit={(e) => void submit(e)} data-testid="sign-in-form">
      <label className="flex items-center gap-2">
        <span className="text-zinc-500">admin token</span>
        <input
          name="token"
          type="password"
          autoComplete="off"
          data-testid="sign-in-token"
          className="w-44 rounded border border-zinc-300 bg-white px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <button type="submit" className={BUTTON} data-testid="sign-in-submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      {error ? <ErrorText text={error} /> : null}
    </form>
  );
}

function ErrorText({ text }: { text: string }) {
  return (
    <span role="alert" className="text-sm font-semibold text-red-700 dark:text-red-300" data-testid="sign-in-error">
      ✗ {text}
    </span>
  );
}
