"""What customers add to commerce's schema: the address book, customer groups, staff reads."""

from __future__ import annotations

from modules.commerce.graphql.address_book_types import CustomerAddress
from modules.commerce.graphql.customer_list import CustomerListQuery
from modules.commerce.graphql.customer_nodes import CUSTOMER_NODES
from modules.commerce.graphql.customer_queries import CustomerQuery
from modules.commerce.graphql.customer_types import CommerceCustomer, CustomerGroup
from modules.commerce.graphql.mutations.customer_group_create import CustomerGroupCreateMutation
from modules.commerce.graphql.mutations.customer_group_delete import CustomerGroupDeleteMutation
from modules.commerce.graphql.mutations.customer_group_members_add import (
    CustomerGroupMembersAddMutation,
)
from modules.commerce.graphql.mutations.customer_group_members_remove import (
    CustomerGroupMembersRemoveMutation,
)
from modules.commerce.graphql.mutations.customer_group_update import CustomerGroupUpdateMutation
from modules.commerce.graphql.mutations.my_address_create import MyAddressCreateMutation
from modules.commerce.graphql.mutations.my_address_delete import MyAddressDeleteMutation
from modules.commerce.graphql.mutations.my_address_update import MyAddressUpdateMutation

__all__ = ["CUSTOMER_MUTATIONS", "CUSTOMER_NODES", "CUSTOMER_QUERIES", "CUSTOMER_TYPES"]

CUSTOMER_QUERIES = (CustomerQuery, CustomerListQuery)
CUSTOMER_MUTATIONS = (
    MyAddressCreateMutation,
    MyAddressUpdateMutation,
    MyAddressDeleteMutation,
    CustomerGroupCreateMutation,
    CustomerGroupUpdateMutation,
    CustomerGroupDeleteMutation,
    CustomerGroupMembersAddMutation,
    CustomerGroupMembersRemoveMutation,
)
CUSTOMER_TYPES = (CustomerAddress, CustomerGroup, CommerceCustomer)
