export const PYTHON_QUERY = `
(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function

(call function: (identifier) @reference)
(call function: (attribute attribute: (identifier) @reference))
(class_definition superclasses: (argument_list (identifier) @reference))
(class_definition superclasses: (argument_list (attribute attribute: (identifier) @reference)))
(type (identifier) @reference)
(decorator (identifier) @reference)

; A function used as a value (a callback, a handler, an import). A bare name (@reference.value) counts
; only when the file defines or imports it: most are local variables.
(argument_list (identifier) @reference.value)
(keyword_argument value: (identifier) @reference.value)
(pair value: (identifier) @reference.value)
(argument_list (attribute object: (identifier) @_receiver attribute: (identifier) @reference) (#any-of? @_receiver "self" "cls"))
(keyword_argument value: (attribute object: (identifier) @_receiver attribute: (identifier) @reference) (#any-of? @_receiver "self" "cls"))
(import_from_statement name: (dotted_name (identifier) @reference.import))
(import_from_statement name: (aliased_import name: (dotted_name (identifier) @reference.import)))

; Supertypes: a class's bases (\`module.Base\` by its last part; \`metaclass=\` is not one).
(class_definition name: (identifier) @supertype.of superclasses: (argument_list [(identifier) @supertype (attribute attribute: (identifier) @supertype)]))
`;
