/**
 * Small building blocks: a labelled select, a section with its heading and state, a scrollable
 * table region, a "no data" note that says how to get data, and the download buttons.
 * @module
 */
import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import type { Loaded } from "../use-api.js";

export interface Option {
  readonly value: string;
  readonly label: string;
}

export function Select(props: {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  name: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Section(props: {
  id: string;
  title: string;
  intro?: ComponentChildren;
  busy?: boolean;
  children: ComponentChildren;
  wide?: boolean;
}) {
  return (
    <section
      class={props.wide ? "card wide" : "card"}
      id={props.id}
      aria-labelledby={`${props.id}-h`}
      aria-busy={props.busy ? "true" : "false"}
    >
      <h2 id={`${props.id}-h`}>{props.title}</h2>
      {props.intro ? <p class="intro">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/** Shows the loading or error state of a resource, else its content. */
export function Status<T>(props: { res: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  const { res } = props;
  if (res.state === "error") {
    return (
      <p class="error" role="alert">
        Could not load {props.what}: {res.error}
      </p>
    );
  }
  if (res.data === null) return <p class="loading">Loading {props.what}…</p>;
  return <>{props.children(res.data)}</>;
}

/** A table that scrolls sideways on a narrow screen and can be scrolled by keyboard. */
export function TableBox(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-box" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

export function NoData(props: { message: string; howTo: readonly string[] }) {
  return (
    <div class="no-data" role="note">
      <p>
        <strong>No data.</strong> {props.message}
      </p>
      {props.howTo.length > 0 ? (
        <>
          <p>How to get data:</p>
          <ul>
            {props.howTo.map((h) => (
              <li key={h}>
                <Commands text={h} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** Text with `backticked` commands set as code. */
export function Commands({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>;
}

export function Downloads(props: { items: readonly { label: string; onClick: () => void; name: string }[] }) {
  return (
    <div class="downloads">
      {props.items.map((it) => (
        <button key={it.name} type="button" class="download" data-download={it.name} onClick={it.onClick}>
          {it.label}
        </button>
      ))}
    </div>
  );
}
