#pragma once
// Who may see what. A user's scope is fixed by the kind of company they belong to: the
// operator sees everything, a reseller sees itself and its customers, a customer only
// itself. Tenant rows carry both their customer id and their reseller id, so every check is
// a comparison with one column and every scoped list is an index query.

#include "core/entities.hpp"

namespace keyward::core {

class TenantScope {
 public:
  // The scope of users of `company`.
  static TenantScope of(const Company& company) { return TenantScope(company.kind, company.id); }
  static TenantScope operator_scope(Id operator_id) {
    return TenantScope(CompanyKind::operator_, operator_id);
  }
  static TenantScope reseller(Id reseller_id) {
    return TenantScope(CompanyKind::reseller, reseller_id);
  }
  static TenantScope customer(Id customer_id) {
    return TenantScope(CompanyKind::customer, customer_id);
  }

  CompanyKind kind() const { return kind_; }
  Id company_id() const { return company_id_; }
  bool sees_all() const { return kind_ == CompanyKind::operator_; }

  // For a row that belongs to `customer_id` under `reseller_id` (a reseller's own rows use
  // its id for both).
  bool allows(Id customer_id, Id reseller_id) const {
    switch (kind_) {
      case CompanyKind::operator_:
        return true;
      case CompanyKind::reseller:
        return reseller_id == company_id_;
      case CompanyKind::customer:
        return customer_id == company_id_;
    }
    return false;
  }

  // For a company, given its parent (customers' parent is their reseller).
  bool allows_company(const Company& company) const {
    switch (kind_) {
      case CompanyKind::operator_:
        return true;
      case CompanyKind::reseller:
        return company.id == company_id_ || company.parent_id == company_id_;
      case CompanyKind::customer:
        return company.id == company_id_;
    }
    return false;
  }

 private:
  TenantScope(CompanyKind kind, Id company_id) : kind_(kind), company_id_(company_id) {}

  CompanyKind kind_;
  Id company_id_;
};

}  // namespace keyward::core
