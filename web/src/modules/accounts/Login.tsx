// Signing in and getting back in: the login page (e-mail and password, then the second factor
// when the account has one: a code from the authenticator app or a recovery code), the request
// for a reset link, and the page of that link (also the page of an invitation) where a new
// password is chosen.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../../api/client';
import { t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { isOperator, login, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, useTitle } from '../../ui';
import { focusFirst, Input, NewPasswordInputs, refusal, useRefusal } from './forms';
import { ta } from './strings';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const loc = useLocation();
  const session = useStore(sessionStore);
  const q = new URLSearchParams(loc.search);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [step, setStep] = useState<'password' | 'otp'>('password');
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const otpRef = useRef<HTMLInputElement>(null);
  // the refusal, written in the language of the moment: a wrong code at its field, a wrong
  // e-mail or password said without telling which, anything else as the server says it
  const otpRefused = err instanceof ApiError && err.status === 401 && err.fieldErrors().otp;
  const otpError = step === 'otp' && otpRefused ? otpRefused : null;
  const error = !err
    ? null
    : otpRefused
      ? null
      : err instanceof ApiError && err.status === 401
        ? t('login.failed')
        : refusal(err, {}).message;
  useTitle(t('login.title'));
  const target = safeNext(q.get('next'));
  const notice = q.get('reset')
    ? ta('reset.done')
    : q.get('invited')
      ? ta('reset.invitedDone')
      : null;

  useEffect(() => {
    if (step === 'otp') otpRef.current?.focus();
  }, [step]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setErr(null);
    try {
      const u = await login(email.trim(), password, step === 'otp' ? otp.trim() : undefined);
      announce(t('login.welcome', { name: u.name }));
      // operators land on the dashboard unless they came for another page
      const landing = !q.get('next') && isOperator(u) ? '/dashboard' : target;
      navigate(sessionStore.get().mustEnrolTotp ? '/account' : landing, { replace: true });
    } catch (err) {
      setBusy(false);
      const otpField = err instanceof ApiError && err.status === 401 && err.fieldErrors().otp;
      if (otpField && step === 'password') {
        setStep('otp');
        setErr(null);
        announce(ta('login.otpAsk'));
      } else {
        setErr(err);
        if (otpField) {
          setOtp('');
          focusFirst(['login-otp']);
        }
      }
    }
  };

  return (
    <section aria-labelledby="page-title" class="login">
      <h1 id="page-title" tabIndex={-1}>
        {step === 'otp' ? ta('login.otpTitle') : t('login.title')}
      </h1>
      {session.user ? (
        <Banner kind="info">{t('login.already', { name: session.user.name })}</Banner>
      ) : null}
      {notice && step === 'password' ? <Banner kind="success">{notice}</Banner> : null}
      {step === 'password' ? <p class="muted">{t('login.hint')}</p> : null}
      {error ? (
        <Banner kind="error" id="login-error">
          {error}
        </Banner>
      ) : null}
      <form noValidate class="record-form narrow" onSubmit={submit}>
        {step === 'password' ? (
          <>
            <div class="form-field">
              <label for="login-email">{t('login.email')}</label>
              <input
                id="login-email"
                type="email"
                autoComplete="username"
                spellcheck={false}
                value={email}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? 'login-error' : undefined}
                onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <div class="form-field">
              <label for="login-password">{t('login.password')}</label>
              <input
                id="login-password"
                type="password"
                autoComplete="current-password"
                value={password}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? 'login-error' : undefined}
                onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
              />
            </div>
          </>
        ) : (
          <>
            <p>{ta('login.otpLead', { email: email.trim() })}</p>
            <Input
              id="login-otp"
              label={ta('login.otp')}
              value={otp}
              onInput={setOtp}
              autoComplete="one-time-code"
              error={otpError ?? undefined}
              hint={ta('login.otpHint')}
              inputRef={otpRef}
              class="otp"
            />
          </>
        )}
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('login.busy') : step === 'otp' ? ta('login.verify') : t('login.submit')}
          </button>
          {step === 'otp' ? (
            <button
              type="button"
              class="link"
              onClick={() => {
                setStep('password');
                setOtp('');
                setErr(null);
                setPassword('');
              }}
            >
              {ta('login.back')}
            </button>
          ) : (
            <a href="/forgot">{ta('login.forgot')}</a>
          )}
        </div>
      </form>
    </section>
  );
}

export function ForgotPage() {
  const [email, setEmail] = useState('');
  const refused = useRefusal({ email: 'email' });
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  useTitle(ta('forgot.title'));
  return (
    <section aria-labelledby="page-title" class="login">
      <h1 id="page-title" tabIndex={-1}>
        {ta('forgot.title')}
      </h1>
      {sent ? (
        <>
          <Banner kind="success">{ta('forgot.sent')}</Banner>
          <p>
            <a href="/login">{ta('forgot.toLogin')}</a>
          </p>
        </>
      ) : (
        <>
          <p class="muted">{ta('forgot.lead')}</p>
          {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
          <form
            noValidate
            class="record-form narrow"
            onSubmit={async (e) => {
              e.preventDefault();
              if (busy) return;
              setBusy(true);
              refused.clear();
              try {
                await request('POST', 'password-resets', { body: { email: email.trim() } });
                setSent(true);
                announce(ta('forgot.sent'));
              } catch (err) {
                refused.set(err, { email: 'forgot-email' });
              } finally {
                setBusy(false);
              }
            }}
          >
            <Input
              id="forgot-email"
              type="email"
              label={t('login.email')}
              value={email}
              onInput={setEmail}
              autoComplete="username"
              error={refused.fields.email}
            />
            <div class="button-row">
              <button type="submit" class="primary" disabled={busy}>
                {ta('forgot.submit')}
              </button>
              <a href="/login">{ta('forgot.toLogin')}</a>
            </div>
          </form>
        </>
      )}
    </section>
  );
}

/** The page of a reset or invitation link: /reset?token=…(&invite=1). */
export function ResetPage() {
  const loc = useLocation();
  const q = new URLSearchParams(loc.search);
  const token = q.get('token') ?? '';
  const invite = q.get('invite') === '1';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const refused = useRefusal({ password: 'password', token: 'token' });
  const errors = refused.fields;
  // an invitation of someone who has an account: accepted signed in, never by a new password
  const [join, setJoin] = useState(false);
  const badLink = !token || (!!errors.token && !join);
  const [busy, setBusy] = useState(false);
  const title = invite ? ta('reset.inviteTitle') : ta('reset.title');
  useTitle(title);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (password !== again) {
      refused.local('again', () => ta('password.mismatch'), 'reset-again');
      return;
    }
    setBusy(true);
    try {
      await request('POST', 'password-resets/confirm', { body: { token, password } });
      refused.clear();
      announce(invite ? ta('reset.invitedDone') : ta('reset.done'));
      navigate(invite ? '/login?invited=1' : '/login?reset=1', { replace: true });
    } catch (err) {
      setBusy(false);
      if (invite && err instanceof ApiError && err.status === 409) {
        setJoin(true);
        announce(ta('reset.joinExisting'));
        return;
      }
      refused.set(err, { password: 'reset-password' });
    }
  };
  const acceptLink = (
    <p>
      <a href="/login?next=/invitations">{ta('reset.loginToAccept')}</a>
    </p>
  );

  return (
    <section aria-labelledby="page-title" class="login">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {join ? (
        <>
          <Banner kind="warning">{ta('reset.joinExisting')}</Banner>
          {acceptLink}
        </>
      ) : badLink ? (
        <>
          <Banner kind="error">{ta('reset.badLink')}</Banner>
          <p>
            <a href="/forgot">{ta('reset.askAgain')}</a>
          </p>
        </>
      ) : (
        <>
          <p class="muted">{invite ? ta('reset.inviteLead') : ta('reset.lead')}</p>
          {invite ? (
            <>
              <p class="hint">{ta('reset.haveAccount')}</p>
              {acceptLink}
            </>
          ) : null}
          {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
          <form noValidate class="record-form narrow" onSubmit={submit}>
            <NewPasswordInputs
              id="reset-password"
              againId="reset-again"
              value={password}
              onInput={setPassword}
              again={again}
              onAgain={setAgain}
              error={errors.password}
              againError={errors.again}
            />
            <div class="button-row">
              <button type="submit" class="primary" disabled={busy}>
                {ta('reset.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
