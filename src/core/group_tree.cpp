#include "core/group_tree.hpp"

#include <algorithm>
#include <set>

#include "core/validation.hpp"

namespace keyward::core {
namespace {

std::map<Id, std::vector<const Group*>> children_by_parent(const std::vector<Group>& groups) {
  std::map<Id, std::vector<const Group*>> children;
  for (const Group& group : groups) {
    if (group.parent_id) children[*group.parent_id].push_back(&group);
  }
  for (auto& [parent, list] : children) {
    std::sort(list.begin(), list.end(), [](const Group* a, const Group* b) {
      const std::string key_a = ascii_lower(a->name);
      const std::string key_b = ascii_lower(b->name);
      return key_a != key_b ? key_a < key_b : a->id < b->id;
    });
  }
  return children;
}

}  // namespace

std::vector<TreeRow> order_tree(const std::vector<Group>& groups,
                                const std::map<Id, std::int64_t>& devices_per_group) {
  const auto children = children_by_parent(groups);
  std::vector<TreeRow> rows;
  // Depth first without recursion, so a deep tree cannot exhaust the stack.
  std::vector<std::pair<const Group*, int>> pending;
  for (const Group& group : groups) {
    if (!group.parent_id) pending.emplace_back(&group, 0);
  }
  std::set<Id> visited;
  while (!pending.empty()) {
    const auto [group, depth] = pending.back();
    pending.pop_back();
    if (!visited.insert(group->id).second) continue;
    const auto count = devices_per_group.find(group->id);
    const std::int64_t direct = count == devices_per_group.end() ? 0 : count->second;
    rows.push_back({group, depth, direct, direct});
    if (const auto found = children.find(group->id); found != children.end()) {
      for (auto child = found->second.rbegin(); child != found->second.rend(); ++child) {
        pending.emplace_back(*child, depth + 1);
      }
    }
  }
  // In pre-order a subtree follows its root directly, so walking backwards adds each
  // group's total to its parent after all of its own descendants were added to it.
  std::map<Id, std::size_t> row_of;
  for (std::size_t i = 0; i < rows.size(); ++i) row_of[rows[i].group->id] = i;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (!row->group->parent_id) continue;
    const auto parent = row_of.find(*row->group->parent_id);
    if (parent != row_of.end()) rows[parent->second].total_devices += row->total_devices;
  }
  return rows;
}

bool is_in_subtree(const std::vector<Group>& groups, Id root, Id candidate) {
  std::map<Id, std::optional<Id>> parent_of;
  for (const Group& group : groups) parent_of[group.id] = group.parent_id;
  std::set<Id> seen;
  for (std::optional<Id> at = candidate; at && seen.insert(*at).second;) {
    if (*at == root) return true;
    const auto found = parent_of.find(*at);
    at = found == parent_of.end() ? std::nullopt : found->second;
  }
  return false;
}

}  // namespace keyward::core
