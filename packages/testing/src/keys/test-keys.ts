/**
 * TEST ONLY key material. These private keys are public: they are committed to a public
 * repository and published on npm. Never trust a token signed by one of them outside a test.
 *
 * Generated once with node:crypto (`generateKeyPairSync`, exported as JWK) so tests do not pay for
 * RSA key generation. Keys carry no `alg`: one key material can back any algorithm of its family.
 */
import type { EcPrivateJwk, OkpPrivateJwk, RsaPrivateJwk, TestKeySet } from './jwk-types.js';

const rsa: readonly [RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk, RsaPrivateJwk] = [
  {
    kid: 'tokenward-test-rsa-1',
    kty: 'RSA',
    n: 'u41DxKPsHci8HtKEWip3xSvbex45OYJPdkLaiO_pxxrYZt0Wvhe3h9dtSjOB0kxuY0EO7zPJK0lqDQB3mf7nsGGCSc_KWhJPyAN7jYqxdPqx9AM16kcA9v8iZytg0S2gOPKe4OyuB6IFnRVNES8MNUw3ZvQCbIvlmaHWDHN8sttcCKGg6aC228K53zhiI5Fxlc9_A4noIsJc_74ZDgAK2oqdbnDMwmMlEOiIhEDkoeNXtiml7RZvBRErZJH3cSBDw_ICzPhfHPe63z49SJJgJqjj6WzAVrZ2O4UNgN6CUxMmyQPo-cATULdakiTp4O51flRDtIulniKTME8s2mwUQw',
    e: 'AQAB',
    d: 'GYxnSGCqF-6RzcMQm3XAhf_w8IcP9YkOSQZXXaMM3f4Gr5B7eh6h9iO-9AYrL5oQyX2ByszroPVpuGaxZC1oo0rNJD_liTqIWq86w--6N7y0xBAx5n2QoJTlu1cZ47TK6CcIxIwJMun7yMevjWEy0QnWXDRuJhoyhyiYD28l8_kY2jVGhN0JZMQuBxAjXzoKp6givepgSz85BghKH0iX30SVkkYlI2sT13A5RynnO4knYCgwZv-sU7_eS7lAbB--AMzCKyXb0oJts8r8J_dvElPDAsZ7i8pqQNlQAr90im9OymdHSWqVJZIsNLGy_ejceODY9kzbVMsCvHlrzUJ14Q',
    p: '7lNSzc9jfcoRd5mZ6zrKypzKRbul4YgLtH587owFYc3fVCK9OMReMRrwSv7GTGIuEIwNX8-248uBH0JDCTA2B6xzGkd2lgQKoqQNQdZKtOKK4Z2gRwuFcU00WaCgRzxYG2KG4pTMRSBs_zl5H3g3QKe4EM2BThKmY6CXvsDiS-M',
    q: 'yXX9JoPva0kTsXflidbFMXSAu1Y5nbEUcqUlsMdEZRBiQSuX1k1qWzEjvBkYSLDLAI6AVct5V6d_rCPtWA4gRRvnfRAfjwTf9InMuFGPBtkTmrvRzFgjuhhD-YqMKZI9d-NIK7IMzwBhBE5Ov3OwLy6xIvC85nHTOrAZ1hYIRCE',
    dp: 'b9ZGCzKA-6xxWfCInCwwsbe169dM1nLjG0YoFkE63VSgsnjC1vq_QMflbyvznjCMcVNni0iMCIWdCDAuCQfIsv0n3nMeoPMwknXtirGmyQ9uIMW5St2LN0oFgPGxhPw6VE9-AKHW4bF_tJ0hy7S8KOkLpUbqoNp7nlDkJK2bBAU',
    dq: 'it8CeiJIT7Q4FwWG_NVHaSfd9UUiwkjmx4B_0rQJuYDpufLK37bNsb7V2zuROcpkpSWV4Y45Pur_XzIE0cYrCHiLwfHzTysVFgRHUmcmKJpKoUcG_81iE03WzZVruNxN8u6BOV2q5qZkOgugzOh6covFH0jDbjbYXIQ3yxO07wE',
    qi: 'cMbq_H2d-N63VQcXr4qHccYXe_6krxziW_YKzyj3nT4dRPK2mby6jXfBAr3ECGJWISpe1xxZCSWBL1h3zMH-S0AijrgOWWm6DKte-dCxkdD50pD3EwrA8O6WNN04FOXfT0nxIc44G59NehDHd2Q2mODTfmP8lo-qpqL05wqIhdc',
  },
  {
    kid: 'tokenward-test-rsa-2',
    kty: 'RSA',
    n: 'pbYJgBrOetZTsXG32RMS8IbuTZKhyufB5OAaFmhtBpnUQrYjk3A8FqU4sjFy5pueUQYlx530CnuDflkLeNEdwwlC_UysRM4xOOvpGxZJ115HQDVZeRrcrNuvbtiQb2xT3sm_ZWKDOBPAJmtOJVOGg3ewpnTfbM2bB2unOysPViFVt-nzW3forNwBObE-sW5H7Y6ZP85P6wlsVGIdWFHE22vRwElNT26tDj_SJgcZq4EqbcGB0aEM0mw0FxHbFR19yV5Wrh9kAwpjN9zhyPnXLGuzXHAMbLwT4MB8WM-H5D8VfvvL3f5qQ20b9aqaGyMG8v3IIyGBtwWrDHCb_RMeOw',
    e: 'AQAB',
    d: 'MHYiJSKxy96uLzCQkZ0wZsMvIeSGCG7ql2Kqfm8fo1SNbM0TbmTeTckX4ZTwg1xzWkKv_cbFveMNO4ATCMwvJgCpZKZtotmiL4FedJt6EM_zimWPuwkODEda8NHIu600ge0CWkYLFfVAtnufKO9aYUw5jxSS2qDue6cSCw22uHsiXcXUKJGHGLksxc3kDXaeC23cMXdK_hjCMUml_rBwSMO5U4OvaYKLkcETeTV2VD_85tJnKYowgfg7Ria9RBSLJVhlWlTWr27Y6B37Ljcsuh8XA4jN_1v_EMhLQlULWAmyUD6VjcAE-j1GPvQXK8CYwP6sUReYWXYR7GiplYnkoQ',
    p: '3rj-TI6riJUZS2IgQk7BOdBWmm9BAhOC1d9rlhBX6IXo799Ixt7rVDTO_mSpGel3SFBqeJGmBTA5MR7WbpU5zphDV-I9snZwIaKAhdkM1DaU_UC2AWsxzGxuj4vPStsL7rAQNOJGzJQ_UmRfwj6azGb-QqEk0egz-1Is99B8HBk',
    q: 'vnhi51Xs5AefKSc38zsvDUkOwQjD2Q56zZEzqNsqCii9EGzBjEYeWpTv_vmIv2GR-b7jf5f1Vs_KRrYPukDETkZnET79VDT8qnnwvOgDhNOKWQB0RbiccF6p3empNWhyrDf5bijsSUPCNCc7v4bxlPPQ99-YEAtSFP5uMl62V3M',
    dp: 'M1xDwFHSOq_vYlPhjojsxDFIF1r6ickIDdv0ymlAbG2c9tvtw3aanBOFfGKoIEKXcESjGOS1fVLOjYZH-r5M01iHhxe0FJh9aTQ5ISSZccKYfwJSNmeK11JV-KJMDj4PNV7Cjf90Ri8VnyFod7nKJsLFdYYFoKZEfntHxWn9hNk',
    dq: 'dcWkihxERN89l8mrO9eNiW5yFAPibXUZk8BDrBYQEYYNGXnV13GH1USgfQ04c_XVuBJDQyLnzYzgKwbqBKWFfEzl7_D93TKCRLrvky729guDUPMJ8g5rlMPDzvZq7R4vQbO-pFHjgI3IKE1WEWBUQmDcBliYAtutHlQQOU78-mc',
    qi: 'VH2DQXBJcS7VHDJh59dXsUFmiDG-LWWNXliwJ69Y6b1mFMf9Qj1U5ktsrsWRkdB7AXc6bNOyoNhsvrVi3ebik80pOUz33P5aR9vtrERuTYuMIPdhYuHRSK53EMEg3xYzqnfQu8T3Ik2afqRFLvVs7Ft10EEHLbesBlICFZ0QVIE',
  },
  {
    kid: 'tokenward-test-rsa-3',
    kty: 'RSA',
    n: 'n3jelaXPL3gASBwZ04JNLsddKR_nLLm36Py0BAYB7JtkPTBiHJccgugcJDHRPn4RF4DgxEPTRkloDdM0Egp8XldifmA_HDaOA0EOQ3yG0NbHGz9Br-y3bdvAEyMpNQl3XzxuyOlCSy6p6QpGeRY-Pbz-iJE0rw1e651Ai8oltyvlxX_lYNJO-twANZuvDJaLktHPMi0aSU758ZYJU0FaX_sN9QounUne-xslFwTjAPvE7Y5AqouOKGkuWlkwNHcvIQ5VDTZNHOaXSz9QyxFnE6KRwR1k3SWVeyhAqXCezuAlHCpmsLM1h5lWfoLqfVq1LAguGoTeDyOL2YaU1QvDOw',
    e: 'AQAB',
    d: 'rEEsLMIeOljGVqPTKVr3ol8L1GAbecZ3HgKbfDcBAarXzGT80i428y_dHYSyKvMNtAA4sLsMe2WSSPsi7kFxgyDIc9HkKNJjVo44CsXxtUG3nzDA9BWlSdRpsQVJ0s9m2Kj0h8cMWtQAm90b-TWHc1lo7Hyva6OkLT5NMRN-zk6QOWVeOVb79t8sm3Hva7zVo7nFO0hrRnwf22RtOP74OHuMFE3BTu92GI9oZGwnTfHc5FU41pu595jd4W3TkrrFoCZjNHRawl7kIFnSRue9vIV5grtDvgvtSVDBBGD1Vkr2wqxc5ACjr3bsp30sswEGScwSLR-nRIsNa16sXX4R',
    p: '4CPBRZ6tNI7eBz1MGwd62vaa7JwrjmFEjWgwKE-YEDKpSc12FRqDmTw90Fsz4HSJcZzu1ObJeCf8BHw9-SBN-YI3Nz3g_v5S-NPVnp4k4-1uyML3WiRhAwuEM_6LmjIrVrB19gJwDUFlOESt6N4P1li7K4oc8MX8pRfzf-pZVZk',
    q: 'tiPrnYJcPJ1S7YFeueFwGJwMZ5XHxCu2KR-OnXr1xm18IEzsjf04RLPeGVn5Jpkj4EXRLN-k_wefC33nd2V3q1m-X26gFX46-s393nj1Zo-37pyHzzWi441k4f6IX-kBPC-7mZkpAmLDLniqthApDHJvddN_whKzocxWSox3e_M',
    dp: 'M7isebdC-rTZEUyYykfwlqR_XYgwGNvjKMpZCoRLb7lxDSHHVNlYcrzO-syA7ROXP8tZ5XEYHo0Df7l3x4wn0iK1QR8bU1w2o0qmqcKOerYocVVkJL3uUPiQWjsr1bor_AYeQlWPq89iXxiiFPFhMDIrhsGJKhpV0Xb0bpkSYkk',
    dq: 'Wy4QPYGM-ysm4I7rBNK-cxNrgk-Q-buILX4Gvv9XGkak5OadZVdmW75PaRGJkLEJLLTGylgLGUCPdglJXpQFHFqI2u1eZmQS0otck4qqDvXTdjgWJL0NFi0qW5g4XQsf-ylKGNJ7nR4j55ewngPpCLog4jNGubjzBARvDlLTXdE',
    qi: 'utXB8PNrd_pUAswhx73v_cZzPBfi8k378aT0GpFaH07oHfaN1W4XD6jTBymJpA9FIr5LJDUkV2W-06qr8gBwUXG52uoHrBTIFEk4rx8y7ohQeOgTgYh8XpqIRoZ2LBYV2nKZZk0vxT9xkh1vVSMruBEl1d9Hc1yOd6bIWOUhDxQ',
  },
  {
    kid: 'tokenward-test-rsa-4',
    kty: 'RSA',
    n: 'tU_PPT5lxIBKmceEnmpSN6vH2FolMZpVrEV0rsm4Jnstc9sX0yzoMreXVLj55VDpGRvdkZ7uF1dZ6d8mnIfNNK1W7OOvuhrtpP8skzpDvyB9WpU7YUBwfExisNUhQ9LpM-nuoNz7iM62xj9LnAbl18GN4UKHko47MCp7QrNK2iJAoNPczBoGZOVe4zt8FG3suPis0eAFTzIW97-7hU8djNhhaF4U2PiLMc2RZCuUbsC66-Yz4BgTLyVcqG0R9Hdbhe-CV-EYbJ9A1sASGmD9pycvA_XDZqgGfyfMZRMyop5hjvmgdGwt3DsaOFlosCLd4_Nah9R1SOpJvzRF7F-j8Q',
    e: 'AQAB',
    d: 'CpyJSuKxItUl2JZ3Zeyf03uJqplLCjpHx5l4jObIMPNeW4SgAjdjfx1k3Vvmn0PTIqmxd-167pGJlQEfEcP2b_3xo5NnVF9xV2nqVlMPhjr87y1jAGv8sV-omoQcymsIhEXtlgtc6tq7UoK_lnoGX3Bn8P47cEnD_8uKs4KKD9ZeE8wXcDv5m5M3t8fSo_uU6dWK5ENQ4e5xGDSJ20vOhDCSdFBfu6XwLQ_5t2OQUz_SGPQbbk1wsyvhp8Og8NZ5KWyyAPCz10TkA-ilgdOGYrZi1QafABuOHS-F2M3yvorYnqekZQtPhV9ka_LDBExQW73qMsSuEvMPVQbqjJalwQ',
    p: '_H8h0fhgw3VzMZDgls6SfCZBpIxmOri9LzpkrlJQEM6twxGitRTdw9J3KPbl-3l6C-4l1cqqdvJX3DvdESbCPFdRINaH0M2dTx8QBPThWNrjnr5EkP1e4UgvW49UGopGR86i__ddYiFwBrGfAtozafsCj0-gazjFJzBOQi4JOJE',
    q: 't9PULqEjc4mRCuyeqVFJ6gik2LaoU4s_TP7HmJo2GZlxmR2NoI4XCUfiUL4DCEoBLEQCbw8fCYvYgDBoi2Wi5qyuHslxMDJCil8Z2j2D98bQibITvaNSuY8x-IarhuN8eQ9RufJekvPn4ZJYhZ4u4ZsvDVUpOqsLwybr-6aQZWE',
    dp: '2Mgh9k8EbOwKwbR8Tp3-gF6sHyV3o9T2gHTm-g-rtDJuVztt8YB_wd-R9Pa9j8HE-jc1_q7o2gTJUEmJTG91di8VdVca9jeCZurpawf_7bTIloMPBVizvEGofzi4Yaz0GDSeF5t-boD82JJpTh6e48_ha79WoJf2FOZRWlqCCjE',
    dq: 'eHVNqBSdh3tQ2Si-u1LyLXLmmr_uw3gOzeRyZJRA-TtsjhookVoqzEEXkzNAB3F_HUOfmKj-_KFwCGgwSZAbVC85liEIk72LjuLMrQ78aCQWyPQxLWZVshSceS--PJDbIvUf58pjoMZFX7InYb-LFvk6tvDkKHanKYVaw7edDWE',
    qi: 'gHBl9Bl8kIra9fZhOp6AuF1walQFrULwIL3EYHIh4Rw6Fd3MbdpLYVRtgIPRN3i4CISFE3448e4_E2g9Va-moSOtTqFk5Kx07sFInv1MEdtGi786Ba3QdnJ13vzKZy0eyt_bSd7RAQI9gtHI6H0fLLqrmwdRBJneT51oqfADyFc',
  },
  {
    kid: 'tokenward-test-rsa-5',
    kty: 'RSA',
    n: 'pW0dRMGHxTDbJ2IWwVfeNgW_FDXAzWol3LiFe-1PKu5oGbDlXIVE0gl7lo3_OH2dr8c13QZoJq_wufvbsfMh9xQsRvVYBHL3ta7OMpHrDrgkWyJAkkQF-x-6Yi5LTrlrhV8CG1je4_3ZMa8rvzU3VeCQfuMbkv5E-tLIfVu-V5uZe41Rk9cT1QmZbiJvrgB5JypZWZmzxcqe9WmNBOlr-Vyto9GYfkSjCbcQz9wkWyHn3h8XjHBBDuMMKRxUgHrQg9URoixiesuuVBqR8N-tPgi2Vkd0qTcmHA_bMWBOyRElt41FoUCccF7T-9hB-n3P9rSdXFF0dzyGjt0P8QAkdQ',
    e: 'AQAB',
    d: 'IHjdPHBi1tXixwXNorE9WMxi-DQe_xN9kCiWZz-rgSlgPN7I_xLX8gTTgjeoaC3cRLNtgs_tpN53egKS2wj3W1lV4a3qU6E_t6WzKyESi4ag-FSuaSe6JtPREdG1jaP_E6SVNMoKoqVjO4n_o95t2MkmhAnPkVihML0shtL595ctrWDQs8kiMmdM8WjUGe_D0pyF83t69l80q2rARMT4ruHE_YRBJvK7XVQF-UStuSEjPTsWWDJNO3nohBzi4nOipzwjBwnJHQ_7JtLrQvrfK0fhTTc0OSBqZEoMCCrJB53Y8ekqKw_p-eZ1Q7LxfhOaC2aPNi0yzj61wD8jwzgyMQ',
    p: '6PNThLUINyWs7yuN427lX9MKqgrGp5HD7LA5iKNWgkDkxsO_vskP1LfeeYNdhrihheJtB6CK9GVUjYZYtL34RLMvNeuMArDpq0ldVpAleUdKzr6sxC72KXkv7X3vvRivjHwieTmBnXg_7CEG6C867xHWCwFgcB9C0SQujhi5Yw0',
    q: 'tctjMzZuB8RlYluywWIpcQTqfdjXHkZuGDG3nr4usutuuH5HEaHJVM0Eg34mvR61WTXEMwTY1_mKb26Wyj-6gxTl7h39ReRjLT5CFztkj8IbJzMj8GECH45hFM9A02PPPqxbGx_B10NVQi0tuLIEPeAcf1YbjZA2NDLgBH1EDQk',
    dp: 'FBjZ_br4iHlxn_ir9xEcLNYyN1VSqiZDNupFLGqbDgW3NwawRi9mdD2gre8NZJANL1XHfj71ffw3_TW39W_mOVcUHZzCqYDFyAc-TDeHZB0ocQm2Mf6zMgTIg763riKxEnerKbYyXnl_WknHJMTeWr25L53gyguIYi6y7YNoiwk',
    dq: 'XTCccnU1ZB_mBMySzpT-P2RQvCA67dcWuqpJwUMmdys-v65jygMQTLsn1CwHuayTM97e63RRoCzYLRUYkSan-mftEeonmftgZ6HhiT016IeNGcQaaS-hQgHffCZdyb8BTtRVg4r899cZTmoQZPxENl-62_-M8j15u7pUoZiBGNk',
    qi: '0eseBSqAgUooui5t6-6com-fDOVY871RVWTCk2Q-gtCHCUrv8zxLqbD-DTgrWYPkTjmyDD8_KZ_yQ7dtRGELKFNQA9x4FlNMNX5ChB5JINOsUW3g3o37X98nMCSXOwig-8NgmP9ZJCB6WclBgeChpC1EVMYxVqlbDuMKaJ_CmVc',
  },
  {
    kid: 'tokenward-test-rsa-6',
    kty: 'RSA',
    n: 'vO91ytLg8lTzmUzownODeWg_MWDQnzbxbRF7RK0wzvN0agUksi-bMEiQ_a91Omt_WTNrDQhmLKHVz39BkG5pxyRBm0yMMB9M1h_Ff4TPofgiIjfmuIk3DZM6oe7oKO2FGCBysmuYrGFgBuNvVKvqU9qPMU58tBJDKd0O4AFBiR76dGCD-Qlt9_aQbo3KedxRKqbZynbda32ib-Vj5qJBMAjh59wIx09WJlj8d_q0g14PX_Vay-Bz8aMUyqV8QNinvUx4AE1e3jXlj-15zy-0TvJfhpdKTfyNeb0d-GhM0s9bHBjSgeAaqO93tLFZFbo7ykTi4cmN4lv7UbQs_at8BQ',
    e: 'AQAB',
    d: 'ISdjE-2X2CZkncLTeGXVTR1oM2XCDiJR0LoX17gNf89UXxNaemMkuB8PxFiA-XiqHvDJKP8PkObwMkpqKqpZaP7ZfWM8GWiwrsVh_ovDdLBqavdExx6a-MicahSWjDIL4C03e0wqvRsUQvkvjNvjEYZhiL01YFLxErxOEyxdP-6P-Vo0N1sbiNLfXVw8Q3qcjr_MBrHhybw3yotO584QoS2_R0RmDwumb-Q16msWLI-NgwUuaeLSjJfxlLkICzAffYCNQjk3x1bIEMaNNdtom--9DrVetIi_bF9oycmp8tKeORi9OaGO9N9Hk4j800oYxIWLz6KGtqS3NsgWJRgA8Q',
    p: '_dGlG_OWd8qz-CBb9_GkAXcWRxyu9mjnBL3MFAVspGwr9jew-P3Sma3KbECxqt3qy8JpsR56ftnYcbrYCl4hGVn3XaI-QF5Fc2D0RwPe3AxQlkO7gcEv0gL0PoTfjAJVY-mfJxjvN1v1SQAcnZm1W8xPhqFVSPScsYxIJIuPwzE',
    q: 'vo8VU1zArj5vo-RxxhKZT2YAbN6n1MPenG6hiRvQ7K4VfDl6OqJMe01_F1KPTlxesxDjllThUgEMErMNV8qjgbrugpy704f1C4Ao9sVnLDUoHdoQViaDqdviSPpT1FTaFb6pMDZ0I4SUFhnFC8szcq9x09SeC1OAQtThdrbPyRU',
    dp: 'nQbzT9yeTVQxjSNv4nAzV9i2Bp6fO8Dgk5VcSVKlyP9HH1eK_DAD96GGJvzLLfuHBDItsy8493uMpafDen6LmaSIHfx-6NGpw9zKo5ioapiPzrburTK4hAPh2T_ZEURsUZi6JrUNYcFZeaVBDtuGUNmQpajwG2eB_XHdPAa_lTE',
    dq: 'StBeLQZjV4WHyy6rRHqU2klPrW6VMcFcqsn8fZoAIowOP2FJja-em2JHnV56iOdW_rKIx8K3W7yxgr3tZSRXoV1Eut7SFzBvkn5Ult3VrdOI1n-AnnIsiwmbA8_UDa7qmFLsldMrMa6hfTPM2t6CampbJDF7gzLbTmHJyxPm7Ck',
    qi: '21vqyYzfgRtFUj_Q78filNLI7hiQrG2PIGAnG0FV6etgRRKyGCuZCo5Z6YRWRbgK1QLSJjHhFrjrlTWR3FaQHFCDL4XvoQ2ZgxDV2sqkWpmSaujc21DPck6TVRlrLxHGdJ01nUypnyRgNpsDNOKwoUkzfY7XtDHSjEkA3_kpZnE',
  },
];

const p256: readonly [EcPrivateJwk<'P-256'>, EcPrivateJwk<'P-256'>, EcPrivateJwk<'P-256'>] = [
  {
    kid: 'tokenward-test-p256-1',
    kty: 'EC',
    crv: 'P-256',
    x: 'YbI4XGAL2srJ95Suvltz3wvIKluJ19Wm2lLJ-RGfcPI',
    y: '-gpAMRGE_KB8eYLam41RpCyiACoqDOeNFknr34isBWs',
    d: 'nBqJd8ual5NqTI2s3_d-DFfmpetahGNWv6mbwq96dLo',
  },
  {
    kid: 'tokenward-test-p256-2',
    kty: 'EC',
    crv: 'P-256',
    x: 'MrdvBOcy_MAKxG39bkORbI7aYoLCyAtURSdhNa57pds',
    y: 'ypSkSDG4XA8gIwkzFqRPyCdQ69c47CyH-Au8lHeBsaA',
    d: '9eTwyR3L5aYjUwX4hUBpq9eN5jFLz8cZ4qtCd6RUIsQ',
  },
  {
    kid: 'tokenward-test-p256-3',
    kty: 'EC',
    crv: 'P-256',
    x: '_JtGSOvV0x4weEiZBkrlaICsLlgxDFHZgXlQLDDsIAw',
    y: 'gHwdUmLlPZ2VQx51hiyATJp_yPcBtu1mIm40zhwnWQw',
    d: 'D5KwvVqfbmZqz5P8D9OvhWdXOr1hKwRjfARefPvSWh8',
  },
];

const p384: readonly [EcPrivateJwk<'P-384'>, EcPrivateJwk<'P-384'>] = [
  {
    kid: 'tokenward-test-p384-1',
    kty: 'EC',
    crv: 'P-384',
    x: 'YIS6jRfRYACq_OLWjT__aE_lvgZhnzWqcbxIE98aQ8Lv_0dzsQYShAghdEupGiNz',
    y: '37CxCdIi1CKy8c5FvhqHpPqxjNdR7VwF8WdbHcDOICGRLcsAkdMKU8r6f72Up6Jd',
    d: 'F5gOLwM48r_TCJcpBvwCPyxJ9cwaO4BFmM6uvfsR7dG3qYMFywJ4K1MYg9X9j5LM',
  },
  {
    kid: 'tokenward-test-p384-2',
    kty: 'EC',
    crv: 'P-384',
    x: 'vzVo0dgq5mL9RPutSSI7PspVJzMTOlCUINnxpFQ0oWX6QINAYngoPfGcEHw5Lnjx',
    y: '8NVwUl1oqjt7zkEtf_gDq8d-8Q2uEpz2OrV8Y-3xEqfzMjd9Kd3DYEXjD1HxmBRf',
    d: 'QxCREvz5MoelTkp0L94rPIGDdIosElXwgK3aXODLSCPNuF_luE7GuCidnRUunIAp',
  },
];

const p521: readonly [EcPrivateJwk<'P-521'>, EcPrivateJwk<'P-521'>] = [
  {
    kid: 'tokenward-test-p521-1',
    kty: 'EC',
    crv: 'P-521',
    x: 'ANbsNldje_Dt1m2KxSR2Wic2nR8FnykLgqhNSda7CuT_6cAN26hfIEqfDbXbtOQ-Ba-nd-HrS172uh4tq9p_TUv5',
    y: 'ADKtUH_jNcgZos-zr8Bl7joIhVElgFMxyCOxL_QGT7A2quEXviv4RAdp_EF3D9R56sTK041vDO7KfTZ5tfj0EUMa',
    d: 'Ac5TpyxVLTEVMSrvxWUCibEsIROgb68bOD0_5yIXARQpDRdoZtM6Jw1P0pWaG0v7KvlothWtsTbRoDCN8C4f_-my',
  },
  {
    kid: 'tokenward-test-p521-2',
    kty: 'EC',
    crv: 'P-521',
    x: 'AfFn4HFUjI41fZr6k1qNxCv6qSCGcWuNzcfgLSFiNoJpJlua-cp-usGBWWNMtpulvwG4HVw77RnBaouvatbpv4AE',
    y: 'AQjlNg7_fRPAfCiKAzYjVbapq4jQD7mRaI3ciADzd1_DwDxsdWXi8OOOYOAfmawsJkzFOYStZojeDkIn3b_2SiJs',
    d: 'ACGBYHSWW2d6U-Rr65kJ5sZoSE4iLmkp_zqjZWoFhFPGuxojs9920sTlsnA7iG71C1GwHkk052SN3SmZqF2D9QES',
  },
];

const ed25519: readonly [OkpPrivateJwk, OkpPrivateJwk, OkpPrivateJwk] = [
  {
    kid: 'tokenward-test-ed25519-1',
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'Da2ihHEmUn3b43AAbf_1y5L46I9D8G2Nx1eaPcKSoMo',
    d: 'Nx6ymSEb6-ILuWBK72CAwBJlxRaetSYR4gTol9rqavQ',
  },
  {
    kid: 'tokenward-test-ed25519-2',
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'yVxYm-wFl4DUJ9alq9CYtBJfAxGos34d2CT22D2pvKg',
    d: 'ijSkF6L7uDpJFotLlwQfGKGz6ncNb_c5CqwZUhUCBE0',
  },
  {
    kid: 'tokenward-test-ed25519-3',
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'E5SWqk0c4Val3PU93jCE-wMWBj0V7enMyQHxRlqK2Mk',
    d: 'WM4f_XpVv3EZdu1igBAgEOjePzzXfMAR1Rh5cdtuaj4',
  },
];

/**
 * Committed TEST ONLY private keys, grouped by family: 6 RSA-2048, 3 P-256, 2 P-384, 2 P-521, 3 Ed25519.
 *
 * @example
 * const key = await importJWK(TEST_KEYS.rsa[0], 'RS256');
 */
export const TEST_KEYS: TestKeySet = Object.freeze({ rsa, p256, p384, p521, ed25519 });
