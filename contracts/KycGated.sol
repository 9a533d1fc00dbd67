// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "./interfaces/IKycRegistry.sol";

/// @title KycGated
/// @notice Inherit to let only wallets verified for one kyc-attest service call a function:
/// `function buy() external onlyKycVerified { ... }`.
abstract contract KycGated {
    /// @notice The registry read on every gated call.
    IKycRegistry public immutable kycRegistry;
    /// @notice The service whose flags gate this contract.
    uint256 public immutable kycServiceId;

    /// @notice `account` has no unexpired flag for this contract's service.
    error KycGatedNotVerified(address account);
    /// @notice The registry address was zero.
    error KycGatedZeroRegistry();

    modifier onlyKycVerified() {
        _requireKycVerified(msg.sender);
        _;
    }

    constructor(IKycRegistry registry, uint256 serviceId) {
        if (address(registry) == address(0)) revert KycGatedZeroRegistry();
        kycRegistry = registry;
        kycServiceId = serviceId;
    }

    /// @notice True when `account` may call the gated functions right now.
    function isKycVerified(address account) public view returns (bool) {
        return kycRegistry.isVerified(kycServiceId, account);
    }

    function _requireKycVerified(address account) internal view {
        if (!kycRegistry.isVerified(kycServiceId, account)) revert KycGatedNotVerified(account);
    }
}
