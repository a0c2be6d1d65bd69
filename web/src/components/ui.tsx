/**
 * Small building blocks: a labelled select, number and text inputs, checkboxes, a section with its
 * heading and state, a scrollable table region, a "no data" note that says how to get data, and the
 * download buttons.
 * @module
 */
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
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

/**
 * A labelled number input. It keeps what is typed ("0." on the way to "0.35") and reports each
 * value that parses and lies within bounds; a change from outside replaces the text.
 */
export function NumberInput(props: {
  label: string;
  name: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: number | "any";
  integer?: boolean;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(String(props.value));
  useEffect(() => {
    setText((t) => (Number(t) === props.value && t.trim() !== "" ? t : String(props.value)));
  }, [props.value]);
  const ok = (n: number) =>
    Number.isFinite(n) &&
    (props.min === undefined || n >= props.min) &&
    (props.max === undefined || n <= props.max) &&
    (!props.integer || Number.isInteger(n));
  const invalid = text.trim() === "" || !ok(Number(text));
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="number"
        inputMode={props.integer ? "numeric" : "decimal"}
        value={text}
        min={props.min}
        max={props.max}
        step={props.step ?? (props.integer ? 1 : "any")}
        disabled={props.disabled}
        aria-invalid={invalid}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => {
          const t = (e.currentTarget as HTMLInputElement).value;
          setText(t);
          const n = Number(t);
          if (t.trim() !== "" && ok(n) && n !== props.value) props.onChange(n);
        }}
      />
      {props.hint ? (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
    </div>
  );
}

/** A labelled text input that reports each value `accept` allows (the typed text stays as it is). */
export function TextInput(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  accept?: (value: string) => boolean;
  placeholder?: string;
  pattern?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const accept = props.accept ?? (() => true);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="text"
        value={text}
        placeholder={props.placeholder}
        pattern={props.pattern}
        disabled={props.disabled}
        aria-invalid={!accept(text)}
        spellcheck={false}
        onInput={(e) => {
          const t = (e.currentTarget as HTMLInputElement).value;
          setText(t);
          if (accept(t) && t !== props.value) props.onChange(t);
        }}
      />
    </div>
  );
}

/** A group of checkboxes with its legend; `value` holds the checked options' values. */
export function Checkboxes(props: {
  legend: string;
  name: string;
  options: readonly Option[];
  value: readonly string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <fieldset class="checks">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.value}>
          <input
            type="checkbox"
            name={props.name}
            value={o.value}
            checked={props.value.includes(o.value)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              props.onChange(
                props.options
                  .map((x) => x.value)
                  .filter((v) => (v === o.value ? on : props.value.includes(v))),
              );
            }}
          />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
