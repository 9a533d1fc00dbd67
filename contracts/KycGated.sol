// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "./interfaces/IKycRegistry.sol";

/// @title KycGated
/// @notice Inherit to let only wallets verified for one kyc-attest service use a function. Three checks:
/// - `onlyKycVerified`: the caller (`msg.sender`) holds an unexpired flag;
/// - `onlyKycVerifiedAccount(account)`: an explicit account does (a beneficiary, a relayed user, a recipient);
/// - `onlyKycVerifiedFor(minValidity)`: the caller's flag stays valid for at least `minValidity` more seconds
///   (for commitments that outlast the call: vesting, lock-ups, settlement windows).
/// @dev Reads go to the registry on every call (about 2,600 gas cold); nothing is cached here, so a
/// revocation takes effect on the next call. The registry keeps answering reads while its writes are paused.
abstract contract KycGated {
    /// @notice The registry read on every gated call.
    IKycRegistry public immutable kycRegistry;
    /// @notice The service whose flags gate this contract.
    uint256 public immutable kycServiceId;

    /// @notice `account` has no unexpired flag for this contract's service.
    error KycGatedNotVerified(address account);
    /// @notice `account` is verified, but only until `verifiedUntil`, before the required `requiredUntil`.
    error KycGatedValidityTooShort(address account, uint64 verifiedUntil, uint256 requiredUntil);
    /// @notice The registry address was zero.
    error KycGatedZeroRegistry();

    /// @notice The caller must be verified.
    modifier onlyKycVerified() {
        _requireKycVerified(msg.sender);
        _;
    }

    /// @notice `account` (not necessarily the caller) must be verified.
    modifier onlyKycVerifiedAccount(address account) {
        _requireKycVerified(account);
        _;
    }

    /// @notice The caller must be verified for at least `minValidity` more seconds.
    modifier onlyKycVerifiedFor(uint256 minValidity) {
        _requireKycVerifiedFor(msg.sender, minValidity);
        _;
    }

    /// @param registry The kyc-attest registry (see `@kyc-attest/contracts/deployments.json`).
    /// @param serviceId The registry service whose flags gate this contract.
    constructor(IKycRegistry registry, uint256 serviceId) {
        if (address(registry) == address(0)) revert KycGatedZeroRegistry();
        kycRegistry = registry;
        kycServiceId = serviceId;
    }

    /// @notice True when `account` may call the gated functions right now.
    function isKycVerified(address account) public view returns (bool) {
        return kycRegistry.isVerified(kycServiceId, account);
    }

    /// @notice When `account`'s flag expires (seconds since the epoch); 0 when it has none or it was revoked.
    function kycVerifiedUntil(address account) public view returns (uint64) {
        return kycRegistry.verifiedUntil(kycServiceId, account);
    }

    /// @notice True when `account` is verified now and stays verified for at least `minValidity` seconds.
    function isKycVerifiedFor(address account, uint256 minValidity) public view returns (bool) {
        return
            kycRegistry.isVerified(kycServiceId, account) &&
            kycRegistry.verifiedUntil(kycServiceId, account) >= block.timestamp + minValidity;
    }

    /// @notice Reverts with `KycGatedNotVerified` unless `account` is verified now.
    function _requireKycVerified(address account) internal view {
        if (!kycRegistry.isVerified(kycServiceId, account)) revert KycGatedNotVerified(account);
    }

    /// @notice Reverts unless `account` is verified now and until at least `block.timestamp + minValidity`.
    function _requireKycVerifiedFor(address account, uint256 minValidity) internal view {
        _requireKycVerified(account);
        uint64 until = kycRegistry.verifiedUntil(kycServiceId, account);
        uint256 requiredUntil = block.timestamp + minValidity;
        if (until < requiredUntil) revert KycGatedValidityTooShort(account, until, requiredUntil);
    }
}
