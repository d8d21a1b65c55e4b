export const RUST_QUERY = `
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @declaration.function
(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
(type_item name: (type_identifier) @name) @definition.type
(mod_item name: (identifier) @name) @definition.module
(macro_definition name: (identifier) @name) @definition.macro
(impl_item type: [(type_identifier) @scope.name (generic_type type: (type_identifier) @scope.name) (scoped_type_identifier name: (type_identifier) @scope.name)]) @scope.node

(call_expression function: (identifier) @reference)
(call_expression function: (field_expression field: (field_identifier) @reference))
(call_expression function: (scoped_identifier name: (identifier) @reference))
(macro_invocation macro: (identifier) @reference)
(type_identifier) @reference

; A function used as a value: \`iter.map(normalize)\`, \`spawn(Self::run)\`. A bare name (@reference.value)
; counts only when the file defines it or \`use\`s it: most are local variables.
(arguments (identifier) @reference.value)
(arguments (scoped_identifier name: (identifier) @reference))
(use_declaration argument: [(identifier) @import (scoped_identifier name: (identifier) @import) (use_as_clause path: [(identifier) @import (scoped_identifier name: (identifier) @import)])])
(use_list [(identifier) @import (scoped_identifier name: (identifier) @import)])
`;
