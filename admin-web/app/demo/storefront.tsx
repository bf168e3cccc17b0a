'use client';

import {
  useFlag,
  useFlagValue,
  useSwitchyardClient,
  useSwitchyardStatus,
  useVariant,
} from '@switchyard/react';
import { useEffect, useState } from 'react';
import styles from './storefront.module.css';

const PRICE = 49;
const BUTTON_COLOURS: Record<string, string> = { blue: '#2563eb', green: '#15803d', orange: '#c2410c' };

interface PricingConfig {
  plans?: string[];
  highlight?: string;
  currency?: string;
}

/** The shop: every value below comes from a flag and changes live when the flag does. */
export function Storefront({ user, environment }: { user: string; environment: string }) {
  const client = useSwitchyardClient();
  const banner = useFlagValue('holiday-banner', '');
  const colour = useFlagValue('checkout-color', 'blue');
  const maxItems = useFlagValue('max-cart-items', 10);
  const pricing = useFlagValue('pricing-config', {} as PricingConfig) as PricingConfig;
  const newCheckout = useFlag('new-checkout');
  const variant = useVariant('checkout-redesign');
  const [quantity, setQuantity] = useState(1);
  const [orders, setOrders] = useState(0);
  const currency = pricing.currency ?? 'USD';

  const buy = () => {
    client.track('purchase', PRICE * quantity, { colour, variant, quantity });
    setOrders((n) => n + 1);
  };

  return (
    <div className={styles.shop}>
      <header className="page-header">
        <h1>Demo storefront</h1>
        <p>
          A shop on <code>@switchyard/react</code>, shopping as{' '}
          <strong data-testid="demo-user">{user}</strong> in {environment}. Change a flag in the console and
          watch it here. <LiveStatus />
        </p>
      </header>

      {banner ? (
        <p className={styles.banner} data-testid="demo-banner">
          {banner}
        </p>
      ) : (
        <p className={styles.noBanner} data-testid="demo-banner">
          (no banner running)
        </p>
      )}

      <div className={styles.grid}>
        <article className={styles.product}>
          <h2>Switchyard enamel mug</h2>
          <p>
            {PRICE} {currency} — at most <span data-testid="demo-max-items">{maxItems}</span> per order.
          </p>
          <label className={styles.quantity}>
            Quantity
            <input
              type="number"
              min={1}
              max={maxItems}
              value={quantity}
              onChange={(event) =>
                setQuantity(Math.min(Math.max(1, Number(event.target.value) || 1), maxItems))
              }
            />
          </label>
          <button
            type="button"
            className={styles.buy}
            style={{ background: BUTTON_COLOURS[colour] ?? colour }}
            data-testid="demo-buy"
            data-colour={colour}
            onClick={buy}
          >
            {newCheckout ? 'Buy now, one page' : 'Buy'}
          </button>
          <p className={styles.note} aria-live="polite" data-testid="demo-orders">
            {orders > 0 ? `${orders} order${orders === 1 ? '' : 's'} placed (tracked as "purchase")` : ''}
          </p>
        </article>

        <aside className={styles.facts}>
          <h2>What the flags say</h2>
          <dl>
            <dt>checkout-color</dt>
            <dd data-testid="demo-checkout-color">{colour}</dd>
            <dt>max-cart-items</dt>
            <dd>{maxItems}</dd>
            <dt>new-checkout</dt>
            <dd data-testid="demo-new-checkout">{String(newCheckout)}</dd>
            <dt>pricing-config</dt>
            <dd>
              <ul className={styles.plans} data-testid="demo-plans">
                {(pricing.plans ?? []).map((plan) => (
                  <li key={plan} className={plan === pricing.highlight ? styles.highlight : undefined}>
                    {plan}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>checkout-redesign (experiment)</dt>
            <dd data-testid="demo-variant">{variant}</dd>
          </dl>
        </aside>
      </div>
    </div>
  );
}

/** The connection state, shown only after hydration: the server render has no connection to speak of. */
function LiveStatus() {
  const status = useSwitchyardStatus();
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  return (
    <span className={styles.status} data-testid="demo-status" data-status={status}>
      {status === 'ready' ? 'live' : status}
    </span>
  );
}
