import type { UseFormRegisterReturn } from "react-hook-form";
import { Field } from "@/components/forms/field";
import { TOKENIZERS, TOKENIZER_LABELS } from "@/lib/tokenizer/encodings";
import styles from "./projects.module.css";

type Name = "responsesPerPrompt" | "maxResponseTokens" | "leaseMinutes";

const FIELDS: Array<{ name: Name; label: string; hint: string; min: number; max: number }> = [
  {
    name: "responsesPerPrompt",
    label: "Responses per prompt",
    hint: "Different labelers who answer each prompt.",
    min: 1,
    max: 20,
  },
  {
    name: "maxResponseTokens",
    label: "Max response tokens",
    hint: "Longest response a labeler may submit.",
    min: 1,
    max: 128_000,
  },
  {
    name: "leaseMinutes",
    label: "Lease (minutes)",
    hint: "How long a claimed prompt stays with its labeler.",
    min: 1,
    max: 10_080,
  },
];

/** The numeric project settings, shared by the create form and the settings form. */
export function SettingsFields({
  idPrefix,
  register,
  errors,
}: {
  idPrefix: string;
  register: (name: Name) => UseFormRegisterReturn;
  errors: Partial<Record<Name, { message?: string }>>;
}) {
  return (
    <div className={styles.settingsGrid}>
      {FIELDS.map((f) => (
        <Field key={f.name} id={`${idPrefix}-${f.name}`} label={f.label} hint={f.hint} error={errors[f.name]?.message}>
          {(control) => (
            <input
              type="number"
              inputMode="numeric"
              min={f.min}
              max={f.max}
              step={1}
              {...control}
              {...register(f.name)}
            />
          )}
        </Field>
      ))}
    </div>
  );
}

/** The encoding the project counts tokens in: the labelers' protocol view shows it. */
export function TokenizerField({
  idPrefix,
  register,
  error,
}: {
  idPrefix: string;
  register: UseFormRegisterReturn;
  error?: string;
}) {
  return (
    <Field
      id={`${idPrefix}-tokenizer`}
      label="Tokenizer"
      hint="The encoding of the protocol view's tokens and counts."
      error={error}
    >
      {(control) => (
        <select {...control} {...register}>
          {TOKENIZERS.map((name) => (
            <option key={name} value={name}>
              {TOKENIZER_LABELS[name]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
