// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKycRegistry} from "@kyc-attest/contracts/interfaces/IKycRegistry.sol";
import {KycGated} from "@kyc-attest/contracts/KycGated.sol";

/// A dApp's vault: verified wallets deposit; a lock-up needs a flag valid for the whole lock; a relayer may
/// deposit for a verified beneficiary.
contract MembersOnlyVault is KycGated {
    uint256 public constant LOCK_SECONDS = 30 days;
    mapping(address account => uint256 amount) public balances;

    constructor(IKycRegistry registry, uint256 serviceId) KycGated(registry, serviceId) {}

    function deposit() external payable onlyKycVerified {
        balances[msg.sender] += msg.value;
    }

    function depositFor(address beneficiary) external payable onlyKycVerifiedAccount(beneficiary) {
        balances[beneficiary] += msg.value;
    }

    function lockUp() external payable onlyKycVerifiedFor(LOCK_SECONDS) {
        balances[msg.sender] += msg.value;
    }
}
